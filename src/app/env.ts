/** Loads `.env` into the environment (quietly: standard output belongs to the console chat). */
import dotenv from 'dotenv';

export function loadEnv(): NodeJS.ProcessEnv {
  dotenv.config({ quiet: true });
  return process.env;
}

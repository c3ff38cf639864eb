/** HTTP errors with the bodies Discord sends, and its "Invalid Form Body" (50035) shape. */
import { RESTJSONErrorCodes as C } from 'discord-api-types/v10';

export class HttpError {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

const err = (status: number, message: string, code: number) => () => new HttpError(status, { message, code });
export const E = {
  notFound: err(404, '404: Not Found', 0),
  methodNotAllowed: err(405, '405: Method Not Allowed', 0),
  unauthorized: err(401, '401: Unauthorized', 0),
  unknownChannel: err(404, 'Unknown Channel', C.UnknownChannel),
  unknownMessage: err(404, 'Unknown Message', C.UnknownMessage),
  unknownWebhook: err(404, 'Unknown Webhook', C.UnknownWebhook),
  unknownInteraction: err(404, 'Unknown interaction', C.UnknownInteraction),
  alreadyAcknowledged: err(400, 'Interaction has already been acknowledged.', C.InteractionHasAlreadyBeenAcknowledged),
  missingAccess: err(403, 'Missing Access', C.MissingAccess),
  emptyMessage: err(400, 'Cannot send an empty message', C.CannotSendAnEmptyMessage),
  cannotMessageUser: err(403, 'Cannot send messages to this user', C.CannotSendMessagesToThisUser),
  unknownUser: err(404, 'Unknown User', C.UnknownUser),
  invalidJson: err(400, 'The request body contains invalid JSON.', C.RequestBodyContainsInvalidJSON),
};

export interface FormIssue {
  path: Array<string | number>;
  code: string;
  message: string;
}
type ErrorTree = { _errors?: Array<{ code: string; message: string }>; [key: string]: ErrorTree | Array<{ code: string; message: string }> | undefined };

export function formError(issues: FormIssue[]): HttpError {
  const errors: ErrorTree = {};
  for (const issue of issues) {
    let node = errors;
    for (const key of issue.path) node = (node[String(key)] ??= {}) as ErrorTree;
    (node._errors ??= []).push({ code: issue.code, message: issue.message });
  }
  return new HttpError(400, { message: 'Invalid Form Body', code: C.InvalidFormBodyOrContentType, errors });
}

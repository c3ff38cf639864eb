import { describe, expect, it } from 'vitest';
import { clean, readings, slotVariants } from '../src/core/understand.ts';

const first = (q: string) => readings(q)[0];

describe('cleaning a chat message', () => {
  it('drops mentions, links, code blocks, markdown and emoji', () => {
    expect(clean('<@123456789012345678> **what is** `SEO`? 🤔 https://x.test/a').text).toBe('what is seo');
    expect(clean('@everyone what is ~~reach~~').text).toBe('what is reach');
    expect(clean('```js\nconsole.log(1)\n```').text).toBe('');
  });
  it('drops fillers at either end', () => {
    expect(clean('hey termbot, can you explain what a hashtag is please').text).toBe('what a hashtag is');
    expect(clean('quick question: what is ROI? thanks').text).toBe('what is roi');
  });
  it('folds Unicode look-alikes, accents and invisible characters', () => {
    expect(clean('ｗｈａｔ ｉｓ ＳＥＯ').text).toBe('what is seo');
    expect(clean('what is s\u200beo\u202e').text).toBe('what is seo');
    expect(clean('what is séo').text).toBe('what is seo');
  });
});

describe('reading the intent', () => {
  it.each([
    ['what is social media', { intent: 'define', slot: 'social media' }],
    ["what's SEO", { intent: 'define', slot: 'seo' }],
    ['define web 2.0 please', { intent: 'define', slot: 'web 2.0' }],
    ['socail netwroking meaning', { intent: 'define', slot: 'socail netwroking' }],
    ['explain lead nurturing', { intent: 'define', slot: 'lead nurturing' }],
    ['what does social networking mean for a business?', { intent: 'define', slot: 'social networking' }],
    ['what are likes and comments called', { intent: 'define', slot: 'likes and comments' }],
  ])('%s', (q, want) => expect(first(q)).toMatchObject(want));

  it.each([
    ['difference between social media and social networking', ['social media', 'social networking']],
    ['social media vs. social networking?', ['social media', 'social networking']],
    ['is SEO the same as SEM', ['seo', 'sem']],
    ['are social media and social networking the same?', ['social media', 'social networking']],
    ['how does organic traffic differ from paid traffic', ['organic traffic', 'paid traffic']],
    ['is social networking a part of social media?', ['social networking', 'social media']],
    ['what sets social networking apart from social media', ['social networking', 'social media']],
    ['compare lead generation and lead nurturing', ['lead generation', 'lead nurturing']],
  ])('%s is a comparison', (q, [a, b]) => expect(first(q)).toMatchObject({ intent: 'compare', a, b }));

  it.each([
    ['is youtube a social network?', 'youtube', ['a social network']],
    ['Is Twitter social media or a social network?', 'twitter', ['social media', 'social network']],
    ['what kind of platform is Reddit?', 'reddit', []],
    ['is reddit a social networking site?', 'reddit', ['a social networking site']],
  ])('%s is a classification', (q, subject, categories) => expect(first(q)).toMatchObject({ intent: 'classify', subject, categories }));

  it('reads "X or Y?" as a weak comparison, tried after classification', () => {
    expect(readings('social media or digital marketing?')).toContainEqual({ intent: 'compare', a: 'social media', b: 'digital marketing', weak: true });
  });

  it('recognises help and the glossary', () => {
    expect(first('help')).toEqual({ intent: 'help', addressed: false });
    expect(first('/help')).toEqual({ intent: 'help', addressed: true });
    expect(first('what can you do?')).toEqual({ intent: 'help', addressed: false });
    expect(first('list terms')).toEqual({ intent: 'terms', addressed: false });
  });

  it('marks a bare term as a question only with a question mark', () => {
    expect(readings('SEO?')).toContainEqual({ intent: 'define', slot: 'seo', cue: true, bare: true });
    expect(readings('seo')).toContainEqual({ intent: 'define', slot: 'seo', cue: false, bare: true });
    // "can you share?" asks a person to do something; it is not a question about the term.
    expect(readings('can you share?')).toContainEqual({ intent: 'define', slot: 'share', cue: false, bare: true });
  });

  it('reads nothing in long or empty messages', () => {
    expect(readings('')).toEqual([]);
    expect(readings('   ')).toEqual([]);
    expect(readings(`what is ${'very '.repeat(100)}long`)).toEqual([]);
  });
});

describe('slot variants', () => {
  it('tries the whole slot first, then without articles and trailing context', () => {
    expect(slotVariants('an email campaign for my shop')).toEqual(['an email campaign for my shop', 'email campaign for my shop', 'email campaign']);
    expect(slotVariants('the term SEO')).toEqual(['the term SEO', 'SEO']);
  });
});

/**
 * Dialogue task data: a multi-turn conversation and, optionally, candidate responses to compare.
 *
 * A `dialogue` field's value in task data is either the conversation itself (an array of messages, the
 * OpenAI chat shape, so `{"messages": [...]}` SFT lines import unchanged into a field named `messages`)
 * or an object `{messages, responses}` whose `responses` are alternative next assistant turns.
 *
 * The controls that judge responses (pairwise, ranker, responserating, responseedit) all address the
 * task's *candidates*: the `responses` when there are any, else the conversation's final assistant
 * message (so a plain SFT conversation can be rated or corrected). The *prompt* is what precedes them.
 */
import { formatPath, type ValidationIssue } from '../validation/validation-error.js';

export type DialogueRole = 'system' | 'user' | 'assistant';

export interface DialogueMessage {
  role: DialogueRole;
  content: string;
}

/** A candidate next assistant turn; `model` names where it came from (informative). */
export interface DialogueResponse {
  content: string;
  model?: string;
}

export interface Dialogue {
  messages: DialogueMessage[];
  responses: DialogueResponse[];
}

/** The messages a candidate answers and the candidates' texts (see the module comment). */
export interface DialogueCandidates {
  prompt: DialogueMessage[];
  candidates: string[];
  /** True when the candidates are the `responses` list; false when it is the final assistant message. */
  fromResponses: boolean;
}

const ROLES: readonly DialogueRole[] = ['system', 'user', 'assistant'];

/**
 * Checks an untrusted dialogue value; `at` is its path in the record (e.g. `["data", "messages"]`).
 * Returns the dialogue when there are no issues.
 */
export function readDialogue(value: unknown, at: (string | number)[]): { dialogue?: Dialogue; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const issue = (segments: (string | number)[], message: string): void => {
    issues.push({ path: formatPath([...at, ...segments]), message });
  };
  let rawMessages: unknown;
  let rawResponses: unknown = [];
  let messagesAt: (string | number)[] = [];
  if (Array.isArray(value)) rawMessages = value;
  else if (isPlainObject(value)) {
    rawMessages = value.messages;
    rawResponses = value.responses ?? [];
    messagesAt = ['messages'];
    for (const key of Object.keys(value)) {
      if (key !== 'messages' && key !== 'responses') issue([key], 'is not a dialogue key (a dialogue holds "messages" and optionally "responses")');
    }
  } else {
    issue([], 'must be a conversation: an array of {role, content} messages, or {"messages": [...], "responses": [...]}');
    return { issues };
  }
  const messages: DialogueMessage[] = [];
  if (!Array.isArray(rawMessages)) issue(messagesAt, 'must be an array of {role, content} messages');
  else {
    if (rawMessages.length === 0) issue(messagesAt, 'must hold at least one message');
    rawMessages.forEach((m, i) => {
      const mAt = [...messagesAt, i];
      if (!isPlainObject(m)) {
        issue(mAt, 'must be an object {role, content}');
        return;
      }
      const role = m.role;
      if (typeof role !== 'string' || !ROLES.includes(role as DialogueRole)) issue([...mAt, 'role'], `must be one of ${ROLES.join(', ')}, got ${JSON.stringify(role)}`);
      if (typeof m.content !== 'string') issue([...mAt, 'content'], 'must be a string (the message text; markdown allowed)');
      for (const key of Object.keys(m)) if (key !== 'role' && key !== 'content') issue([...mAt, key], 'is not a message key (a message holds "role" and "content")');
      if (role === 'system' && i > 0) issue([...mAt, 'role'], 'a system message may only come first');
      if (typeof role === 'string' && ROLES.includes(role as DialogueRole) && typeof m.content === 'string') messages.push({ role: role as DialogueRole, content: m.content });
    });
  }
  const responses: DialogueResponse[] = [];
  if (!Array.isArray(rawResponses)) issue(['responses'], 'must be an array of {content, model?} candidate responses');
  else {
    if (rawResponses.length === 1) issue(['responses'], 'must hold at least two responses to compare, or be left out');
    rawResponses.forEach((r, i) => {
      const rAt = ['responses', i];
      const response = typeof r === 'string' ? { content: r } : r;
      if (!isPlainObject(response)) {
        issue(rAt, 'must be a string or an object {content, model?}');
        return;
      }
      if (typeof response.content !== 'string') issue([...rAt, 'content'], 'must be a string (the response text)');
      if (response.model !== undefined && typeof response.model !== 'string') issue([...rAt, 'model'], 'must be a string naming the model, or be left out');
      for (const key of Object.keys(response)) if (key !== 'content' && key !== 'model') issue([...rAt, key], 'is not a response key (a response holds "content" and optionally "model")');
      if (typeof response.content === 'string') responses.push(typeof response.model === 'string' ? { content: response.content, model: response.model } : { content: response.content });
    });
  }
  if (issues.length > 0) return { issues };
  return { dialogue: { messages, responses }, issues };
}

/** The dialogue in a task's field, or null when the data does not hold a valid one. */
export function dialogueOf(data: Record<string, unknown>, field: string): Dialogue | null {
  return readDialogue(data[field], [field]).dialogue ?? null;
}

/** The prompt and the candidates of a dialogue (module comment); no candidates when there is nothing to judge. */
export function dialogueCandidates(dialogue: Dialogue): DialogueCandidates {
  if (dialogue.responses.length > 0) return { prompt: dialogue.messages, candidates: dialogue.responses.map((r) => r.content), fromResponses: true };
  const last = dialogue.messages[dialogue.messages.length - 1];
  if (last?.role === 'assistant') return { prompt: dialogue.messages.slice(0, -1), candidates: [last.content], fromResponses: false };
  return { prompt: dialogue.messages, candidates: [], fromResponses: false };
}

/**
 * The turns per-turn labels address: the messages, then the candidate `responses` (as assistant turns),
 * so that turn `messages.length + k` is response k.
 */
export function dialogueTurns(dialogue: Dialogue): DialogueMessage[] {
  return [...dialogue.messages, ...dialogue.responses.map((r): DialogueMessage => ({ role: 'assistant', content: r.content }))];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Shapes of our ids. Checked before a lookup so a malformed id in a URL answers 404 like any unknown id,
 * instead of a database cast error.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Task ids are bigint identities, sent as decimal strings; 18 digits stay inside int8. */
const TASK_ID = /^\d{1,18}$/;

export const isUuid = (value: string): boolean => UUID.test(value);
export const isTaskId = (value: string): boolean => TASK_ID.test(value);

import { z } from "zod";
/**
 * Ids in URLs: agents, credentials, resources, sources and sweeps are integer (int4) rows. Text that is
 * not such an id names nothing, so a page answers 404 at once, before any query: a number past the
 * column's range would reach Postgres and fail the request with a 500 instead.
 */
export const MAX_ROW_ID = 2_147_483_647;

/** The id `text` spells (digits only, 1 … MAX_ROW_ID), else null. */
export function parseRowId(text: string): number | null {
  if (!/^[0-9]{1,10}$/.test(text)) return null;
  const id = Number(text);
  return id >= 1 && id <= MAX_ROW_ID ? id : null;
}

/** The same id in a route's zod schema (path, query or form): past the column's range is a 400, not a 500. */
export const rowIdSchema = z.coerce.number().int().positive().max(MAX_ROW_ID, `An id is at most ${MAX_ROW_ID}.`);

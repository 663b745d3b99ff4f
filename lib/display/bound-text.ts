/**
 * Collected names (files, servers, resources, roles) are attacker-controlled: pages render them as text,
 * and cut them to a length a layout can hold. The full text stays in a title attribute where useful.
 */
export const MAX_NAME_CHARS = 160;

export function boundText(text: string, max = MAX_NAME_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

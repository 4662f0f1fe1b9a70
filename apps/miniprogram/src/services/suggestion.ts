/**
 * The category the server suggests while a resident types (POST /api/my/suggestion). Plain
 * TypeScript: the page debounces and calls; this decides when to ask and reads the answer.
 */

export const SUGGEST_MIN_CHARS = 6;
export const SUGGEST_DELAY_MS = 600;

export interface Choice {
  code: string;
  name: string;
}

export interface Suggestion {
  /** The suggested sub-item code, or null when the server had none. */
  subItem: string | null;
  subItemName: string | null;
  choices: Choice[];
}

/** Ask only for a text of at least 6 characters (spaces not counted at the ends). */
export function shouldSuggest(text: string): boolean {
  return text.trim().length >= SUGGEST_MIN_CHARS;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** The server's answer as a Suggestion, or null when it is not usable (then the line is hidden). */
export function readSuggestion(data: unknown): Suggestion | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as { subItem?: unknown; subItemName?: unknown; choices?: unknown };
  const choices: Choice[] = Array.isArray(d.choices)
    ? d.choices.flatMap((c) => {
        const code = str((c as { code?: unknown })?.code);
        const name = str((c as { name?: unknown })?.name);
        return code && name ? [{ code, name }] : [];
      })
    : [];
  if (!choices.length) return null;
  return { subItem: str(d.subItem), subItemName: str(d.subItemName), choices };
}

/** The name to show for the chosen code: its choice, else the suggested name. */
export function choiceName(s: Suggestion, code: string | null | undefined): string | null {
  if (code) {
    const found = s.choices.find((c) => c.code === code);
    if (found) return found.name;
  }
  return s.subItemName;
}

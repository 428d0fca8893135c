/**
 * Characters that change how the text around them is shown, or take no room,
 * without being seen: the bidirectional controls and the zero-width ones (the
 * set the server refuses in tag names and new host names). In a name DIUN
 * reports they could make `abc\u202Egpj.exe` read `abcexe.jpg`, or two
 * different names read the same.
 */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/** `text` with each such character shown as a marker, `⟨U+202E⟩`, instead of obeyed. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (character) => {
    const code = character.codePointAt(0) ?? 0;
    return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
}

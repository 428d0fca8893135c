import { visibleText } from './visible-text';

describe('visibleText', () => {
  it('shows a right-to-left override as a marker instead of obeying it', () => {
    expect(visibleText('abc\u202Egpj.exe')).toBe('abc⟨U+202E⟩gpj.exe');
  });

  it('shows every bidirectional control and zero-width character', () => {
    const hidden = [0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e];
    const more = [0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff];
    for (const code of [...hidden, ...more]) {
      const marker = `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
      expect(visibleText(`prod${String.fromCodePoint(code)}`)).toBe(`prod${marker}`);
    }
  });

  it('leaves names in any script, and emoji, as they are', () => {
    for (const name of ['docker.io/library/nginx:1.25', 'производство', 'עברית', '本番', '🚀', '']) {
      expect(visibleText(name)).toBe(name);
    }
  });
});

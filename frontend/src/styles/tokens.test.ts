/// <reference types="node" />
// Read from disk: the test run skips CSS (`css: false`), `?raw` imports included.
import { readFileSync } from 'node:fs';

const tokensCss = readFileSync(`${import.meta.dirname}/tokens.css`, 'utf8');

/** Each `--name: light-dark(#light, #dark)` token, as [light, dark]. */
const tokens = new Map(
  [...tokensCss.matchAll(/--([\w-]+): light-dark\((#[0-9a-f]{6}), (#[0-9a-f]{6})\)/g)].map(
    ([, name = '', light = '', dark = '']) => [name, [light, dark] as const],
  ),
);

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG 2 contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05);
}

const NEUTRAL_BACKGROUNDS = ['bg', 'surface', 'surface-2', 'muted-bg'];
const TEXT = ['text', 'muted', 'faint', 'accent', 'accent-strong', 'new-fg', 'update-fg', 'danger', 'danger-strong'];
const TEXT_ON_FILL: [string, string][] = [
  ['on-accent', 'accent'],
  ['on-accent', 'accent-strong'],
  ['on-danger', 'danger'],
  ['on-past-accent', 'past-accent'],
  ['new-fg', 'new-bg'],
  ['update-fg', 'update-bg'],
  ['accent-strong', 'accent-soft'],
  ['danger', 'danger-soft'],
  ['past-fg', 'past-bg'],
  ['text', 'past-bg'],
];
const PAIRS: [string, string][] = [
  ...TEXT.flatMap((text) => NEUTRAL_BACKGROUNDS.map((background): [string, string] => [text, background])),
  ...TEXT_ON_FILL,
];

describe('colour tokens', () => {
  it.each(PAIRS)('--%s on --%s is at least 4.5:1 (WCAG AA) in both themes', (text, background) => {
    const [textLight, textDark] = tokens.get(text) ?? [];
    const [backgroundLight, backgroundDark] = tokens.get(background) ?? [];
    expect(textLight && textDark && backgroundLight && backgroundDark).toBeTruthy();
    expect(contrast(textLight ?? '', backgroundLight ?? '')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(textDark ?? '', backgroundDark ?? '')).toBeGreaterThanOrEqual(4.5);
  });
});

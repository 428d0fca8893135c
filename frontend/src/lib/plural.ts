/** A count as every heading, chip and button shows it: "2,496". */
export function formatCount(count: number): string {
  return count.toLocaleString('en');
}

/** "1 image", "3 images", "2,496 images". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${formatCount(count)} ${count === 1 ? noun : nouns}`;
}

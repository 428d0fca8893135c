import type { CSSProperties } from 'react';
import { imageRefOf, shortRepository } from '@/lib/image-ref';
import { visibleText } from '@/lib/visible-text';
import './ImageName.css';

type ImageNameProps = {
  image: string;
  /** Shown before the path when given: the registry when it is not the one most images share. */
  registry?: string | null;
};

/**
 * The name `ImageName` shows, as one string: the `aria-label` of the heading or
 * cell that holds it, since Chrome puts a space around its inline-block path.
 */
export function imageNameText(image: string, registry: string | null = null): string {
  const ref = imageRefOf(image);
  return visibleText(
    `${registry ? `${registry}/` : ''}${shortRepository(ref)}${ref.tag === null ? '' : `:${ref.tag}`}`,
  );
}

/**
 * `registry/path:version` on one line. When space runs out the registry and
 * path are cut with an ellipsis, never the version: it is what the user came
 * for. All inline, so a selection copies the name as it reads.
 */
export function ImageName({ image, registry = null }: ImageNameProps) {
  const ref = imageRefOf(image);
  // Characters that would disguise the name are shown, not obeyed (visibleText).
  const version = ref.tag === null ? '' : visibleText(`:${ref.tag}`);
  // The path may take the line less the version: monospace, so its width is its length in `ch`.
  const style = { '--version-chars': version.length } as CSSProperties;
  return (
    <span className="image-name" title={visibleText(image)} style={style}>
      <span className="image-name__cut">
        <span className="image-name__path">
          {registry && <span className="image-name__registry">{visibleText(registry)}/</span>}
          {visibleText(shortRepository(ref))}
        </span>
      </span>
      {version && <span className="image-name__version">{version}</span>}
    </span>
  );
}

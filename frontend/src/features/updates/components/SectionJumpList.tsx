import type { MouseEvent } from 'react';
import { flushSync } from 'react-dom';
import { formatCount, plural } from '@/lib/plural';
import { sectionElementId, setSectionCollapsed } from '../collapsed-sections';
import type { Section } from '../view';
import './SectionJumpList.css';

type SectionJumpListProps = { sections: Section[] };

/** Links to each section with images, with its count: a jump expands the section and focuses its heading. */
export function SectionJumpList({ sections }: SectionJumpListProps) {
  // A repository's section is one line already: the list of them is the jump list.
  const listed = sections.filter((section) => section.items.length > 0 && section.kind !== 'repository');
  if (listed.length < 2) return null;
  return (
    <nav className="jump-list" aria-label="Sections">
      <span className="jump-list__label" aria-hidden="true">
        Jump to
      </span>
      <ul>
        {listed.map((section) => (
          <li key={section.key}>
            <a
              className="jump-list__link"
              href={`#${sectionElementId(section.key)}`}
              onClick={(event) => jumpTo(event, section.key)}
            >
              {section.title}{' '}
              <span className="jump-list__count" aria-hidden="true">
                {formatCount(section.items.length)}
              </span>
              <span className="sr-only"> ({plural(section.items.length, 'image')})</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Expand the section and move focus to its heading's button; by hand, so the URL gets no `#` fragment. */
function jumpTo(event: MouseEvent<HTMLAnchorElement>, key: string) {
  const heading = document.getElementById(sectionElementId(key));
  const toggle = heading?.querySelector<HTMLElement>('button');
  if (!heading || !toggle) return;
  event.preventDefault();
  // Rendered open before scrolling: a short page may not scroll the heading to the top until then.
  flushSync(() => setSectionCollapsed(key, false));
  heading.scrollIntoView({ block: 'start' });
  toggle.focus({ preventScroll: true });
}

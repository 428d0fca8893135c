import type { ReactNode } from 'react';
import { useUrlState } from '@/lib/url-state';
import type { UpdateItem } from '../view';
import { viewUrl, type SortKey } from '../view-url';
import { UpdateRow } from './UpdateRow';
import './UpdatesTable.css';

type UpdatesTableProps = {
  items: UpdateItem[];
  /** The host of a host section: each row is then the image on that host, and acts there. */
  host: string | null;
  /** The id of the section heading that names the table. */
  labelledBy: string;
};

/**
 * The dense layout: one row per image (per image and host in a host section),
 * the version always in full, the actions at the end of the row.
 */
export function UpdatesTable({ items, host, labelledBy }: UpdatesTableProps) {
  return (
    <table
      className={host === null ? 'updates-table' : 'updates-table updates-table--host'}
      aria-labelledby={labelledBy}
    >
      <thead>
        <tr>
          <SortableHeader sortKey="name" className="col-image">
            Image
          </SortableHeader>
          {host === null && (
            <th scope="col" className="col-hosts">
              Hosts
            </th>
          )}
          <th scope="col" className="col-status">
            Status
          </th>
          <th scope="col" className="col-digest">
            Digest
          </th>
          <SortableHeader sortKey="received" className="col-received">
            Received
          </SortableHeader>
          <th scope="col" className="col-tag">
            Tag
          </th>
          <th scope="col" className="col-actions">
            Actions
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <UpdateRow key={item.image} image={item.image} entry={item.entry} host={host} />
        ))}
      </tbody>
    </table>
  );
}

/** Newest first is the only order by time, A to Z the only one by name. */
const DIRECTION: Partial<Record<SortKey, 'ascending' | 'descending'>> = { name: 'ascending', received: 'descending' };

type SortableHeaderProps = { sortKey: SortKey; className: string; children: ReactNode };

/** A column header that sorts the list by it: the same `sort` in the URL as the toolbar's Sort. */
function SortableHeader({ sortKey, className, children }: SortableHeaderProps) {
  const [view, setView] = useUrlState(viewUrl);
  const sorted = view.sort === sortKey;
  return (
    <th scope="col" className={className} aria-sort={sorted ? DIRECTION[sortKey] : undefined}>
      <button type="button" className="updates-table__sort" onClick={() => setView({ sort: sortKey })}>
        {children}
        <span className="updates-table__arrow" aria-hidden="true">
          {sorted ? (DIRECTION[sortKey] === 'ascending' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

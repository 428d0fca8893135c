import { createContext, useContext, type ReactNode } from 'react';
import type { Tag } from '@/api/types';
import type { UpdateTarget } from '../api/request-update';
import type { CommonFacts } from '../common-facts';

/** An image to forget: on `host` only, or on every host when null; `hosts` are all the hosts that reported it. */
export type ForgetRequest = { image: string; host: string | null; hosts: string[] };

/** What every card needs but should not get through props (keeps memoized cards stable). */
export type CardContextValue = {
  /** The page shows the past: nothing can be dismissed, forgotten, tagged or dragged. */
  readOnly: boolean;
  /** Dismiss `image` on `host`, or on every host when null; snooze it `until` then, when given. */
  dismiss: (image: string, host: string | null, until?: string) => void;
  /** Ask to forget an image (a confirmation comes first). */
  forget: (request: ForgetRequest) => void;
  setTag: (image: string, tag: Tag | null) => void;
  /** The control that (re)tags an image, drawn in the card's footer when not read only. */
  renderTagMenu: RenderTagMenu;
  /** The registry and platform most images share: left out of each card and row. */
  common: CommonFacts;
  /** The hosts with an update hook on the server (UPDATE_HOOKS): their items offer Update. */
  updatableHosts: ReadonlySet<string>;
  /** Ask to update an image through its host's hook (a confirmation comes first). */
  requestUpdate: (target: UpdateTarget) => void;
};

/**
 * Draws an image's tag menu. The page passes it in, so the updates feature
 * does not depend on the tags feature that owns the menu.
 */
export type RenderTagMenu = (image: string, tag: Tag | null) => ReactNode;

export const CardContext = createContext<CardContextValue | null>(null);

export function useCardContext(): CardContextValue {
  const value = useContext(CardContext);
  if (!value) throw new Error('useCardContext needs a <CardContext.Provider>');
  return value;
}

/** The drag-and-drop payload type of an image reference. */
export const IMAGE_DRAG_TYPE = 'application/x-diundash-image';

import { z } from 'zod';

import { TopologyName } from './common';
import { CheckResult } from './results';

/**
 * Presenter and viewers. A session's role is decided at the upgrade by the token it presented:
 * the control token opens a `control` session, the viewer link's token a `viewer` session. A
 * viewer watches: it may say `hello`, `subscribe` to live state and `watchTables` (reads the kernel's
 * tables, changes nothing), nothing else. The list is an
 * allow-list on purpose: a message type added later is refused to viewers until it is put here.
 */
export const SessionRole = z.lazy(() => z.enum(['control', 'viewer']));
export type SessionRole = z.infer<typeof SessionRole>;

export const VIEWER_MESSAGE_TYPES = ['hello', 'subscribe', 'watchTables'] as const;

/** True for the message types a viewer session may send (see VIEWER_MESSAGE_TYPES). */
export const viewerMayRequest = (type: string): boolean => (VIEWER_MESSAGE_TYPES as readonly string[]).includes(type);

/** Where the presenter's canvas looks (React Flow's viewport: pan in px, zoom factor). */
export const PresenterViewport = z.lazy(() =>
  z.strictObject({
    x: z.number().finite(),
    y: z.number().finite(),
    zoom: z.number().positive().max(100),
  }),
);

/**
 * What the presenter shows, apart from the document: viewers follow it. Every field is the
 * presenter's current value; a message replaces the whole view.
 */
export const PresenterView = z.lazy(() =>
  z.strictObject({
    /** A name for the badge ("following Ada"); absent: "the presenter". */
    presenter: z.string().max(64).optional(),
    /** The topology the presenter's drawing is as applied (its live state is the drawing's), or null. */
    applied: z.strictObject({ topology: TopologyName, revision: z.string().max(128).optional() }).nullable(),
    /** Ids of the selected nodes and links. */
    selection: z.array(z.string().min(1).max(128)).max(2000).readonly(),
    /** Absent: the presenter does not share it, and each viewer pans for themselves. */
    viewport: PresenterViewport.optional(),
    /** The lesson open in the presenter's Lessons panel and the step shown (0 for the first). */
    lesson: z.strictObject({ id: z.string().min(1).max(256), step: z.int().nonnegative().max(199) }).nullable(),
    /** The presenter's step-through apply: the next command's index of `total`, and where it stands. */
    stepThrough: z
      .strictObject({
        index: z.int().nonnegative(),
        total: z.int().nonnegative(),
        /** What the step-through panel says (`ready`, `running`, `done`, `failed`…). */
        state: z.string().min(1).max(32),
        /** The command shown next (or just run), as one line, and its plain-language explanation. */
        command: z.string().max(2000).optional(),
        explanation: z.string().max(2000).optional(),
      })
      .nullable(),
    /** The lesson's check results the presenter has, as `checkResults` gave them. */
    checks: z.array(CheckResult).max(4000).readonly(),
  }),
);
export type PresenterView = z.infer<typeof PresenterView>;
export type PresenterViewport = z.infer<typeof PresenterViewport>;

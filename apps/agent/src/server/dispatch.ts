import type { Request } from '@netloom/protocol';
import { assertNever } from '@netloom/topology';

import type { Context } from './context';
import { handleApply, handleDown, handlePlan, handleRunChecks, handleStatus } from './document-handlers';
import { handleHostTopologies, handleOpenApplied } from './host-handlers';
import {
  handlePingStart,
  handlePingStop,
  handleReachability,
  handleSetLinkState,
  handleSubscribe,
} from './live-handlers';

/** Every request type has exactly one handler; a new message type breaks the build here. */
export async function dispatch(msg: Request, ctx: Context): Promise<void> {
  switch (msg.type) {
    case 'plan':
      return handlePlan(msg, ctx);
    case 'apply':
      return handleApply(msg, ctx);
    case 'down':
      return handleDown(msg, ctx);
    case 'status':
      return handleStatus(msg, ctx);
    case 'setLinkState':
      return handleSetLinkState(msg, ctx);
    case 'subscribe':
      return handleSubscribe(msg, ctx);
    case 'pingStart':
      return handlePingStart(msg, ctx);
    case 'pingStop':
      return handlePingStop(msg, ctx);
    case 'reachability':
      return handleReachability(msg, ctx);
    case 'runChecks':
      return handleRunChecks(msg, ctx);
    case 'hostTopologies':
      return handleHostTopologies(msg, ctx);
    case 'openApplied':
      return handleOpenApplied(msg, ctx);
    default:
      return assertNever(msg, 'request');
  }
}

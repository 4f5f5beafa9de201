import { viewerMayRequest, type Request } from '@netloom/protocol';
import { assertNever } from '@netloom/topology';

import { handleCaptureStart, handleCaptureStop } from './capture-handlers';
import { handleTrafficStart, handleTrafficStop } from './traffic-handlers';
import { errorMessage, type Context } from './context';
import {
  handleApply,
  handleDown,
  handlePlan,
  handleRunChecks,
  handleStatus,
  handleWatchChecks,
} from './document-handlers';
import { handleStepBack, handleStepNext, handleStepRunToEnd, handleStepStart, handleStepStop } from './step-handlers';
import { handleHostTopologies, handleOpenApplied } from './host-handlers';
import {
  handlePingStart,
  handlePingStop,
  handleReachability,
  handleSetLinkState,
  handleSubscribe,
} from './live-handlers';
import { handlePresenterUpdate, handleRevokeViewerLink, handleViewerLink } from './presenter-handlers';
import { handleWatchTables } from './tables-handler';

/**
 * Every request type has exactly one handler; a new message type breaks the build here. A viewer
 * session gets only the types the protocol allows viewers (an allow-list: a type added later is
 * refused to viewers until it is put there), whatever its page would or would not send.
 */
export async function dispatch(msg: Request, ctx: Context): Promise<void> {
  if (ctx.session.role !== 'control' && !viewerMayRequest(msg.type)) {
    ctx.session.send(
      errorMessage(
        'VIEWER_READ_ONLY',
        `"${msg.type}" is refused: this session was opened with the viewer link, which can only watch; the presenter's control URL (netloom serve prints it) can change things`,
        msg.id,
      ),
    );
    return;
  }
  switch (msg.type) {
    case 'plan':
      return handlePlan(msg, ctx);
    case 'apply':
      return handleApply(msg, ctx);
    case 'down':
      return handleDown(msg, ctx);
    case 'stepStart':
      return handleStepStart(msg, ctx);
    case 'stepNext':
      return handleStepNext(msg, ctx);
    case 'stepBack':
      return handleStepBack(msg, ctx);
    case 'stepRunToEnd':
      return handleStepRunToEnd(msg, ctx);
    case 'stepStop':
      return handleStepStop(msg, ctx);
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
    case 'watchChecks':
      return handleWatchChecks(msg, ctx);
    case 'hostTopologies':
      return handleHostTopologies(msg, ctx);
    case 'openApplied':
      return handleOpenApplied(msg, ctx);
    case 'viewerLink':
      return handleViewerLink(msg, ctx);
    case 'revokeViewerLink':
      return handleRevokeViewerLink(msg, ctx);
    case 'presenterUpdate':
      return handlePresenterUpdate(msg, ctx);
    case 'captureStart':
      return handleCaptureStart(msg, ctx);
    case 'captureStop':
      return handleCaptureStop(msg, ctx);
    case 'watchTables':
      return handleWatchTables(msg, ctx);
    case 'trafficStart':
      return handleTrafficStart(msg, ctx);
    case 'trafficStop':
      return handleTrafficStop(msg, ctx);
    default:
      return assertNever(msg, 'request');
  }
}

import { STATE_TEXT, type CanvasState } from '../live';

/**
 * A link state in words (`UP`, `DOWN`, `NO-CARRIER`), in its colour: colour alone would not
 * reach a colour-blind student or a washed-out projector. Nothing while it is not applied.
 */
export function StateChip({ state }: { readonly state: CanvasState }) {
  const text = STATE_TEXT[state];
  return (
    <span className={`chip chip--${state}`} data-state={state} hidden={text === ''}>
      {text}
    </span>
  );
}

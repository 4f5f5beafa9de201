import { setFolded } from '../editor/session';
import { EXAMPLES } from '../files/examples';
import { openExample, pickFile } from '../files/open-flow';
import { useSession } from '../hooks/useSession';
import { useLessons } from '../lessons/useLessons';

/**
 * What an empty canvas offers: the three ways to start, each a thing to do right here (open an
 * example, show the palette to drag from, open a file). The note lets drops through.
 */
export function EmptyHint() {
  const paletteFolded = useSession((s) => s.folded.palette);
  // The Lessons panel, when open, says what to do instead (and stands where the palette does).
  const lessonsOpen = useLessons((s) => s.open);
  if (lessonsOpen) return null;
  return (
    <div className="empty-hint" role="note" aria-label="How to start">
      <p className="empty-hint__title">An empty drawing. Start by</p>
      <ul>
        <li>
          opening an example:{' '}
          {EXAMPLES.map((x) => (
            <button key={x.fileName} type="button" onClick={() => void openExample(x)}>
              {x.name}
            </button>
          ))}
        </li>
        <li>
          dragging a namespace or a bridge from the palette onto here
          {paletteFolded && (
            <>
              {' '}
              <button type="button" onClick={() => setFolded('palette', false)}>
                Show the palette
              </button>
            </>
          )}
          ,
        </li>
        <li>
          or opening a file:{' '}
          <button type="button" onClick={pickFile}>
            Open a file…
          </button>
        </li>
      </ul>
    </div>
  );
}

import { setFolded } from '../editor/session';
import { EXAMPLES } from '../files/examples';
import { openExample, pickFile } from '../files/open-flow';
import { useSession } from '../hooks/useSession';
import { setLessonsOpen } from '../lessons/lesson-store';
import { useLessons } from '../lessons/useLessons';

/**
 * What an empty canvas offers: the three ways to start, each a thing to do right here (open an
 * example, show the palette to drag from, open a file). The note lets drops through.
 */
export function EmptyHint() {
  // The Lessons panel, when open, stands where the palette does.
  const paletteFolded = useSession((s) => s.folded.palette);
  const lessonsOpen = useLessons((s) => s.open);
  const paletteHidden = paletteFolded || lessonsOpen;
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
          {paletteHidden && (
            <>
              {' '}
              <button
                type="button"
                onClick={() => {
                  setLessonsOpen(false);
                  setFolded('palette', false);
                }}
              >
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

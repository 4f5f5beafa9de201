import { setFolded, setTheme, sessionStore, type PanelName } from '../editor/session';
import { useSession } from '../hooks/useSession';
import { toggleLessons } from '../lessons/lesson-store';
import { useLessons } from '../lessons/useLessons';
import { togglePresenter } from './presenter';
import { Menu, MenuCheck, MenuItem, MenuSeparator } from './menu/Menu';
import { SHORTCUT } from './menu/shortcuts';

const PANELS = [
  { panel: 'palette', label: 'Palette' },
  { panel: 'inspector', label: 'Inspector' },
  { panel: 'dock', label: 'Dock' },
] as const satisfies readonly { panel: PanelName; label: string }[];

/** Fit, minimap, theme, presenter view, the lessons, the kernel tables overlay, and which panels show. */
export function ViewMenu() {
  const theme = useSession((s) => s.theme);
  const minimap = useSession((s) => s.minimap);
  const presenter = useSession((s) => s.presenter);
  const tablesOverlay = useSession((s) => s.tablesOverlay);
  const folded = useSession((s) => s.folded);
  const lessons = useLessons((s) => s.open);
  const api = () => sessionStore.getState().canvasApi;
  return (
    <Menu label="View">
      <MenuItem onSelect={() => api()?.fitView()} shortcut={SHORTCUT.fit}>
        Fit view
      </MenuItem>
      <MenuCheck
        checked={minimap}
        onSelect={() => {
          sessionStore.getState().set({ minimap: !minimap });
          // The minimap takes a corner: fit again so it covers nothing.
          requestAnimationFrame(() => api()?.fitView());
        }}
      >
        Minimap
      </MenuCheck>
      <MenuCheck checked={theme === 'dark'} onSelect={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
        Dark theme
      </MenuCheck>
      <MenuCheck checked={presenter} onSelect={togglePresenter} shortcut={SHORTCUT.presenter}>
        Presenter view
      </MenuCheck>
      <MenuCheck checked={lessons} onSelect={toggleLessons} shortcut={SHORTCUT.lessons}>
        Lessons
      </MenuCheck>
      <MenuCheck
        checked={tablesOverlay}
        onSelect={() => sessionStore.getState().set({ tablesOverlay: !tablesOverlay })}
      >
        Kernel tables on the canvas
      </MenuCheck>
      <MenuSeparator />
      {PANELS.map((p) => (
        <MenuCheck key={p.panel} checked={!folded[p.panel]} onSelect={() => setFolded(p.panel, !folded[p.panel])}>
          {p.label}
        </MenuCheck>
      ))}
    </Menu>
  );
}

import {
  createContext,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';

/**
 * Menus of the toolbar (APG "menu button" pattern): each a button with aria-haspopup that opens
 * a role=menu list. Keyboard: Enter, Space or ArrowDown opens on the first item, ArrowUp on the
 * last; ArrowDown/ArrowUp/Home/End move, Enter/Space choose, Escape closes back to the button,
 * ArrowLeft/ArrowRight go to the neighbouring menu, Tab leaves. While one menu is open, pointing
 * at another opens it instead.
 */

type Bar = {
  readonly open: string | null;
  setOpen(id: string | null): void;
  /** The menu buttons, in order. */
  readonly buttons: () => HTMLButtonElement[];
};
const BarContext = createContext<Bar | null>(null);
/** Closes the menu an item belongs to (and gives focus back to its button). */
const CloseContext = createContext<() => void>(() => {});

export function MenuBar({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  const [open, setOpen] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open === null) return;
    const outside = (e: PointerEvent) => {
      if (!(e.target instanceof Node) || ref.current?.contains(e.target) !== true) setOpen(null);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);
  const buttons = () => [...(ref.current?.querySelectorAll<HTMLButtonElement>('[data-menu-button]') ?? [])];
  return (
    <BarContext.Provider value={{ open, setOpen, buttons }}>
      <div ref={ref} className="menubar" role="group" aria-label={label}>
        {children}
      </div>
    </BarContext.Provider>
  );
}

const items = (menu: HTMLElement | null) => [
  ...(menu?.querySelectorAll<HTMLElement>('[role="menuitem"], [role="menuitemcheckbox"]') ?? []),
];

export function Menu({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  const bar = useContext(BarContext);
  if (bar === null) throw new Error('Menu outside a MenuBar');
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const isOpen = bar.open === id;
  // Which item takes focus when the menu opens: the first, or the last (ArrowUp).
  const focusOnOpen = useRef<'first' | 'last'>('first');
  useEffect(() => {
    if (!isOpen) return;
    const list = items(menu.current);
    (focusOnOpen.current === 'first' ? list[0] : list.at(-1))?.focus();
  }, [isOpen]);

  const openAt = (where: 'first' | 'last') => {
    focusOnOpen.current = where;
    bar.setOpen(id);
  };
  const close = () => {
    bar.setOpen(null);
    button.current?.focus();
  };
  const neighbour = (step: 1 | -1) => {
    const all = bar.buttons();
    const next = all[(all.indexOf(button.current as HTMLButtonElement) + step + all.length) % all.length];
    next?.focus();
    next?.dispatchEvent(new CustomEvent('menu-open'));
  };
  useEffect(() => {
    const el = button.current;
    const onOpen = () => openAt('first');
    el?.addEventListener('menu-open', onOpen);
    return () => el?.removeEventListener('menu-open', onOpen);
  });

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') openAt('first');
    else if (e.key === 'ArrowUp') openAt('last');
    else if (e.key === 'ArrowRight') neighbour(1);
    else if (e.key === 'ArrowLeft') neighbour(-1);
    else return;
    e.preventDefault();
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const list = items(menu.current);
    const at = list.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => list[(i + list.length) % list.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(list.length - 1);
    else if (e.key === 'Escape') close();
    else if (e.key === 'ArrowRight') neighbour(1);
    else if (e.key === 'ArrowLeft') neighbour(-1);
    else if (e.key === 'Tab') {
      bar.setOpen(null);
      return;
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="menu">
      <button
        ref={button}
        type="button"
        data-menu-button
        className="menu__button"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? `${id}-menu` : undefined}
        onClick={() => (isOpen ? bar.setOpen(null) : openAt('first'))}
        onPointerEnter={() => {
          if (bar.open !== null && !isOpen) openAt('first');
        }}
        onKeyDown={onButtonKey}
      >
        {label}
      </button>
      {isOpen && (
        <div ref={menu} id={`${id}-menu`} role="menu" aria-label={label} className="menu__list" onKeyDown={onMenuKey}>
          <CloseContext.Provider value={close}>{children}</CloseContext.Provider>
        </div>
      )}
    </div>
  );
}

type ItemProps = {
  readonly onSelect: () => void;
  readonly disabled?: boolean;
  /** Shown at the item's end, and announced as its aria-keyshortcuts (`Control+Z`). */
  readonly shortcut?: { readonly label: string; readonly aria: string };
  readonly title?: string;
  readonly children: ReactNode;
};

function Item({
  role,
  checked,
  onSelect,
  disabled = false,
  shortcut,
  title,
  children,
}: ItemProps & {
  readonly role: 'menuitem' | 'menuitemcheckbox';
  readonly checked?: boolean;
}) {
  const close = useContext(CloseContext);
  return (
    <button
      type="button"
      role={role}
      tabIndex={-1}
      className="menu__item"
      aria-checked={checked}
      aria-disabled={disabled || undefined}
      aria-keyshortcuts={shortcut?.aria}
      title={title}
      onClick={() => {
        if (disabled) return;
        close();
        onSelect();
      }}
    >
      {role === 'menuitemcheckbox' && (
        <span className="menu__check" aria-hidden="true">
          {checked === true ? '✓' : ''}
        </span>
      )}
      <span className="menu__label">{children}</span>
      {shortcut !== undefined && (
        <kbd className="menu__shortcut" aria-hidden="true">
          {shortcut.label}
        </kbd>
      )}
    </button>
  );
}

export const MenuItem = (props: ItemProps) => <Item role="menuitem" {...props} />;
export const MenuCheck = (props: ItemProps & { readonly checked: boolean }) => (
  <Item role="menuitemcheckbox" {...props} />
);

/** Items under a heading (`Examples`). */
export function MenuGroup({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  const id = useId();
  return (
    <div role="group" aria-labelledby={id} className="menu__group">
      <div id={id} className="menu__heading" aria-hidden="true">
        {label}
      </div>
      {children}
    </div>
  );
}

export const MenuSeparator = () => <div role="separator" className="menu__separator" />;

import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

import { example } from './documents';
import { settled } from './canvas';

type Point = { readonly x: number; readonly y: number };

const PALETTE = {
  namespace: 'Add namespace',
  root: 'Add root namespace',
  bridge: 'Add bridge',
  tap: 'Add tap',
  tun: 'Add tun',
  vxlan: 'Add VXLAN',
} as const;

/**
 * What a person does with netloom, in the words of the UI: roles and labels for the app, React
 * Flow's test ids for canvas objects. No CSS selectors.
 */
export class NetloomApp {
  readonly page: Page;
  private readonly testInfo: TestInfo;

  constructor(page: Page, testInfo: TestInfo) {
    this.page = page;
    this.testInfo = testInfo;
  }

  /** Opens the URL `netloom serve` printed (origin + `#token=`) and waits for the connection. */
  async open(): Promise<void> {
    const origin = process.env['NETLOOM_E2E_ORIGIN'];
    const token = process.env['NETLOOM_E2E_TOKEN'];
    if (origin === undefined || token === undefined) throw new Error('global-setup did not start the agent');
    await this.page.goto(`${origin}/#token=${token}`);
    await this.expectConnected();
  }

  async expectConnected(): Promise<void> {
    await expect(this.page.getByRole('status', { name: 'Agent connection' })).toHaveText(/connected/, {
      timeout: 15_000,
    });
  }

  get canvas(): Locator {
    return this.page.getByRole('region', { name: 'Canvas' });
  }
  get inspector(): Locator {
    return this.page.getByRole('region', { name: 'Inspector' });
  }
  node(id: string): Locator {
    return this.page.getByTestId(`rf__node-${id}`);
  }
  edge(id: string): Locator {
    return this.page.getByTestId(`rf__edge-${id}`);
  }
  /** The veth edge's drawn line, which carries the kernel's link state. */
  edgeLine(id: string): Locator {
    return this.edge(id).locator('[data-link-state]');
  }
  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }
  /** A toolbar menu (File, Edit, View, Kernel), opened; its items are role=menuitem(checkbox). */
  async menu(name: 'File' | 'Edit' | 'View' | 'Kernel'): Promise<Locator> {
    const button = this.page.getByRole('button', { name, exact: true });
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    const menu = this.page.getByRole('menu', { name });
    await expect(menu).toBeVisible();
    return menu;
  }
  /** An item of a toolbar menu, the menu open (Escape closes it). */
  async menuItem(menu: 'File' | 'Edit' | 'View' | 'Kernel', name: string): Promise<Locator> {
    const list = await this.menu(menu);
    return list
      .getByRole('menuitem', { name, exact: true })
      .or(list.getByRole('menuitemcheckbox', { name, exact: true }));
  }
  /** Chooses an item of a toolbar menu, as a person does: open the menu, click the item. */
  async command(menu: 'File' | 'Edit' | 'View' | 'Kernel', name: string): Promise<void> {
    await (await this.menuItem(menu, name)).click();
  }
  field(label: string): Locator {
    return this.inspector.getByLabel(label, { exact: true });
  }

  /** Drags a palette item onto the canvas, `at` pixels from the canvas's top-left corner. */
  async drop(kind: keyof typeof PALETTE, at: Point): Promise<void> {
    await this.page
      .getByRole('region', { name: 'Palette' })
      .getByRole('button', { name: PALETTE[kind], exact: true })
      .dragTo(this.canvas, { targetPosition: at });
  }

  /** Drags from one box's or bridge's connect handle to the other's. */
  async connect(fromTitle: string, toTitle: string): Promise<void> {
    const from = this.page.getByLabel(`connect ${fromTitle}`, { exact: true });
    const to = this.page.getByLabel(`connect ${toTitle}`, { exact: true });
    // A press where the handle was a moment ago misses it while a fit animates (a panel that
    // just changed size refits the view): wait for the view to stop, as a person's eye would.
    await settled(this.page);
    await from.hover();
    await this.page.mouse.down();
    const box = await to.boundingBox();
    if (box === null) throw new Error(`the handle of ${toTitle} is not on screen`);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 12 });
    await this.page.mouse.up();
  }

  /** Types into an inspector field and leaves it (blur commits fields that commit on blur). */
  async fill(label: string, value: string): Promise<void> {
    const input = this.field(label);
    await input.fill(value);
    await input.press('Tab');
  }

  /**
   * Clicks the node until React Flow has selected it: a node still moving (the view animates a
   * fit after nodes are added) can take a click as focus only, and the inspector then never shows it.
   */
  async selectNode(id: string): Promise<void> {
    const node = this.node(id);
    await expect(async () => {
      await node.click({ position: { x: 12, y: 12 } });
      await expect(node).toHaveClass(/\bselected\b/, { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
  }

  /**
   * Clicks the middle of the edge's line (the middle of its box may be off a routed line), once
   * the line has stopped moving (a fit view animates).
   */
  async selectEdge(id: string): Promise<void> {
    const middle = () =>
      this.edge(id)
        .locator('path.react-flow__edge-interaction')
        .evaluate((path: SVGPathElement) => {
          const p = path.getPointAtLength(path.getTotalLength() / 2);
          const m = path.getScreenCTM();
          return m === null ? null : { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
        });
    let point = await middle();
    for (;;) {
      await this.page.waitForTimeout(150);
      const again = await middle();
      if (JSON.stringify(again) === JSON.stringify(point)) break;
      point = again;
    }
    if (point === null) throw new Error(`the edge ${id} is not on screen`);
    await this.page.mouse.click(point.x, point.y);
    await expect(this.inspector.getByRole('heading', { name: 'Veth pair' })).toBeVisible();
  }

  async clearSelection(): Promise<void> {
    await this.canvas.press('Escape');
  }

  async setTopologyName(name: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.fill('Topology name', name);
  }

  async openTab(name: 'Problems' | 'Plan' | 'Command log' | 'Ping' | 'Reachability'): Promise<Locator> {
    await this.page.getByRole('tab', { name }).click();
    return this.page.getByRole('region', { name });
  }

  /** Plan: the commands the agent would run are listed. Returns their text. */
  async plan(): Promise<string[]> {
    await this.button('Plan').click();
    const panel = this.page.getByRole('region', { name: 'Plan' });
    const commands = panel.getByRole('list', { name: 'Commands' }).getByRole('listitem');
    await expect(commands.first()).toBeVisible();
    return commands.allInnerTexts();
  }

  /** Apply, and wait until the agent reports that the kernel matches the document. */
  async apply(): Promise<void> {
    await expect(this.button('Apply')).toBeEnabled();
    await this.button('Apply').click();
    await expect(this.page.getByRole('status', { name: 'Apply status' })).toContainText(
      'The kernel matches the document.',
      { timeout: 30_000 },
    );
  }

  async planAndApply(): Promise<string[]> {
    const commands = await this.plan();
    await this.apply();
    return commands;
  }

  async tearDown(): Promise<void> {
    await this.command('Kernel', 'Tear down');
    await expect(this.page.getByRole('status', { name: 'Apply status' })).toContainText('Torn down', {
      timeout: 30_000,
    });
  }

  /** Opens a document the way a user does: File, Open…, the browser's file chooser. */
  async openFile(name: string, text: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.command('File', 'Open…');
    await (await chooser).setFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
  }

  /**
   * Loads `examples/<name>.yaml` from File's Examples and waits until it is on the canvas: the
   * examples are a chunk loaded on demand, so an edit made at once could land on the document
   * before and then be replaced by the example.
   */
  async loadExample(name: string): Promise<void> {
    await this.command('File', name);
    const doc = example(`${name}.yaml`);
    for (const node of doc.nodes) await expect(this.node(node.id)).toBeVisible();
    await expect(this.field('Topology name')).toHaveValue(doc.name);
  }

  /** Opens "This host" (every topology applied on the host) and waits for its list. */
  async thisHost(): Promise<Locator> {
    await this.command('Kernel', 'This host…');
    const dialog = this.page.getByRole('dialog', { name: 'This host' });
    await expect(dialog.getByText(/namespaces?,|No topology is applied/).first()).toBeVisible();
    return dialog;
  }

  /** Starts a ping in the ping tool; returns the probe's row. */
  async startPing(fromNetns: string, to: string): Promise<Locator> {
    const panel = await this.openTab('Ping');
    await panel.getByLabel('From', { exact: true }).selectOption({ label: fromNetns });
    await panel.getByLabel('To', { exact: true }).fill(to);
    await panel.getByRole('button', { name: 'Start ping' }).click();
    const row = panel.getByRole('listitem', { name: `ping from ${fromNetns} to ${to}` });
    await expect(row).toBeVisible();
    return row;
  }

  /** Stops every running probe (so no ping outlives its test). */
  async closeProbes(): Promise<void> {
    if (this.page.isClosed()) return;
    const stops = this.page.getByRole('region', { name: 'Ping' }).getByRole('button', { name: 'Stop' });
    if (!(await this.page.getByRole('region', { name: 'Ping' }).isVisible())) return;
    for (const stop of await stops.all()) await stop.click();
  }

  /** A colour of the current theme (`--down`, `--up`…) as the browser computes it: `rgb(…)`. */
  async themeColor(variable: string): Promise<string> {
    return this.page.evaluate((name) => {
      const probe = document.createElement('span');
      probe.style.color = `var(${name})`;
      document.body.append(probe);
      const color = getComputedStyle(probe).color;
      probe.remove();
      return color;
    }, variable);
  }

  /** A screenshot of the whole app, saved with the test's results and attached to the report. */
  async snapshot(name: string): Promise<void> {
    const path = this.testInfo.outputPath(`${name}.png`);
    await this.page.screenshot({ path });
    await this.testInfo.attach(name, { path, contentType: 'image/png' });
  }
}

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { test, expect } from './support/fixtures';

const exec = promisify(execFile);

/**
 * Capture in the designer against the real agent and kernel, on 04-vxlan: a capture on the
 * underlay while ws1 pings ws2 across the tunnel lists the packets; the decode shows UDP 4789,
 * VNI 42 and the inner echo with the workloads' addresses; the hex view highlights the VNI's
 * bytes; a filter tcpdump refuses is said under the field; the .pcap and .pcapng downloads open
 * with `tcpdump -r` and hold the packets the list shows.
 */
test.use({ viewport: { width: 1024, height: 768 } });

const pingAcross = (count: number) =>
  exec('ip', ['netns', 'exec', 'ws1', 'ping', '-n', '-c', String(count), '-i', '0.2', '-W', '2', '192.168.42.2']);

/** The lines of `tcpdump -r` that are packets (each starts with its time). */
async function tcpdumpRead(path: string): Promise<{ packets: number; text: string }> {
  const { stdout } = await exec('tcpdump', ['-r', path, '-nn', '-tt', '-v']);
  return { packets: stdout.split('\n').filter((l) => /^\d+\.\d+ /.test(l)).length, text: stdout };
}

test('a capture on the VXLAN underlay decodes the tunnel and the inner echo, and downloads as pcap and pcapng', async ({
  app,
  page,
  browser,
}) => {
  await app.loadExample('04-vxlan');
  await app.planAndApply();
  await pingAcross(1); // ARP across the overlay settled: the capture below sees echoes

  await app.selectEdge('underlay');
  const section = page.getByRole('region', { name: 'Capture packets' });
  const filter = section.getByLabel('Capture filter (BPF)');
  // The agent checks the filter with tcpdump and its words show where it was typed.
  await filter.fill('udp port');
  await section.getByRole('button', { name: 'Only host1 underlay0' }).click();
  await expect(section.getByRole('alert')).toContainText('refused by tcpdump');
  await filter.fill('udp port 4789');
  await expect(section.getByRole('alert')).toHaveCount(0);
  await section.getByRole('button', { name: 'Only host1 underlay0' }).click();

  const panel = page.getByRole('region', { name: 'Packets panel' });
  await expect(panel.getByRole('list', { name: 'Captures' })).toContainText('host1 underlay0 · filter udp port 4789');
  await expect(panel.getByRole('list', { name: 'Captures' })).toContainText('capturing');
  await pingAcross(3);
  // A fresh namespace's IPv6 router solicitations ride the tunnel too and push the echoes out of
  // the list's view: "Show only" keeps the rows that say echo, as a teacher would type.
  await panel.getByRole('searchbox', { name: 'Show only' }).fill('echo');
  const grid = panel.getByRole('grid', { name: 'Packets' });
  const requests = grid.getByRole('row', { name: /ICMP echo request 192\.168\.42\.1 → 192\.168\.42\.2/ });
  await expect(requests).toHaveCount(3, { timeout: 15_000 });
  await expect(grid.getByRole('row', { name: /ICMP echo reply 192\.168\.42\.2 → 192\.168\.42\.1/ })).toHaveCount(3);
  await expect(requests.first()).toContainText('host1 underlay0');
  await expect(requests.first()).toContainText('VXLAN/ICMP');

  await requests.first().click();
  const decode = panel.getByRole('region', { name: 'Decoded layers' });
  await expect(decode.getByRole('region', { name: 'UDP layer' })).toContainText('Destination port: 4789');
  await expect(decode.getByRole('region', { name: 'VXLAN layer' })).toContainText('VNI: 42');
  const ipv4 = decode.getByRole('region', { name: 'IPv4 layer' });
  await expect(ipv4.first()).toContainText('10.4.0.1 → 10.4.0.2');
  await expect(ipv4.nth(1)).toContainText('192.168.42.1 → 192.168.42.2');
  await expect(decode.getByRole('region', { name: 'ICMP layer' })).toContainText('echo request');
  await expect(decode).toContainText('Inner frame (inside VXLAN)');

  // The VNI's three bytes light up in the hex view: 42 is 00 00 2a.
  await decode.getByRole('button', { name: 'VNI: 42' }).click();
  const hex = panel.getByRole('region', { name: 'Packet bytes, VNI highlighted' });
  await expect(hex).toBeVisible();
  expect(await hex.locator('[data-on]').allInnerTexts()).toEqual(['00', '00', '2a']);
  await app.snapshot('packets-panel');
  await expect(panel.getByRole('status')).toContainText(/^6 of [\d,]+ packets shown/);
  await panel.getByRole('searchbox', { name: 'Show only' }).fill('');

  // A viewer (issue 11's viewer link) sees the presenter's capture, and can start none of its own.
  await app.command('Kernel', 'Viewer link…');
  const dialog = page.getByRole('dialog', { name: 'Viewer link' });
  const url = await dialog.getByRole('textbox', { name: 'Viewer link URL' }).inputValue();
  await dialog.getByRole('button', { name: 'Close' }).click();
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  try {
    const viewer = await context.newPage();
    await viewer.goto(url);
    const followed = viewer.getByRole('region', { name: 'Packets panel' });
    await expect(followed.getByRole('list', { name: 'Captures' })).toContainText("presenter's · capturing");
    await followed.getByRole('searchbox', { name: 'Show only' }).fill('echo request');
    await pingAcross(1);
    await expect(
      followed.getByRole('grid', { name: 'Packets' }).getByRole('row', { name: /ICMP echo request 192\.168\.42\.1/ }),
    ).toHaveCount(1, { timeout: 15_000 });
    await expect(followed.getByRole('button', { name: 'Stop', exact: true })).toBeDisabled();
    await expect(viewer.getByRole('region', { name: 'Capture packets' })).toHaveCount(0);
  } finally {
    await context.close();
  }

  await panel.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(panel.getByRole('list', { name: 'Captures' })).toContainText('stopped');
  const shown = Number((await panel.getByRole('status').innerText()).match(/^([\d,]+) packets/)?.[1]?.replace(',', ''));
  expect(shown).toBeGreaterThanOrEqual(6);

  for (const format of ['pcap', 'pcapng'] as const) {
    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: `Download .${format}`, exact: true }).click();
    const file = test.info().outputPath(`capture.${format}`);
    await (await download).saveAs(file);
    const read = await tcpdumpRead(file);
    expect(read.packets, format).toBe(shown);
    expect(read.text, format).toContain('vni 42');
    expect(read.text, format).toContain('192.168.42.1 > 192.168.42.2: ICMP echo request');
  }

  await app.tearDown();
});

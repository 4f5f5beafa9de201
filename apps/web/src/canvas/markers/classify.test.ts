import { readFileSync } from 'node:fs';

import { decodePacket } from '@netloom/packets';
import { assignMacs, readDocument, type Document } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { classifyPacket } from './classify';
import { FLOW_COLOURS } from './colour';
import { markerEdges } from './edges';
import { arpRequest, echoFrame, ethernet, ipv4, udp, vxlan } from './test-frames';

function example(name: string): Document {
  const text = readFileSync(new URL(`../../../../../examples/${name}.yaml`, import.meta.url), 'utf8');
  const read = readDocument(text);
  if (!read.ok) throw new Error(`examples/${name}: ${JSON.stringify(read.error)}`);
  return read.value;
}

const bridge = example('02-bridge');
const bridgeMacs = assignMacs(bridge);
const bridgeMap = markerEdges(bridge, []);
const at = (key: string) => bridgeMacs.get(key) as string;
const red = { mac: at('red-link/a'), ip: '10.2.0.11' };
const blue = { mac: at('blue-link/a'), ip: '10.2.0.13' };

describe('classifyPacket on 02-bridge', () => {
  it('a ping from red to blue crosses red-link from red (a) and blue-link toward blue (b → a)', () => {
    const request = decodePacket(echoFrame(red, blue, true));
    // Captured on either end of each veth, the direction is the same.
    for (const object of ['red-link/a', 'red-link/b']) {
      expect(classifyPacket(bridgeMap, object, request)).toMatchObject({
        edge: 'red-link',
        direction: 'ab',
        basis: 'mac',
      });
    }
    for (const object of ['blue-link/a', 'blue-link/b']) {
      expect(classifyPacket(bridgeMap, object, request)).toMatchObject({ edge: 'blue-link', direction: 'ba' });
    }
    const seenAtBlue = classifyPacket(bridgeMap, 'blue-link/a', request);
    expect(seenAtBlue).toMatchObject({ seenAt: 'a', leaving: false });
    expect(classifyPacket(bridgeMap, 'red-link/a', request)).toMatchObject({ seenAt: 'a', leaving: true });
  });

  it('the reply goes the other way, in the same colour, and is the same exchange', () => {
    const request = classifyPacket(bridgeMap, 'blue-link/b', decodePacket(echoFrame(red, blue, true, 9, 4)));
    const reply = classifyPacket(bridgeMap, 'blue-link/b', decodePacket(echoFrame(blue, red, false, 9, 4)));
    expect(reply?.direction).toBe('ab');
    expect(request?.direction).toBe('ba');
    expect(reply?.flow).toBe(request?.flow);
    expect(reply?.colour).toBe(request?.colour);
    expect(reply?.exchange).toBe(request?.exchange);
    expect(request?.text).toBe('ICMP echo request 10.2.0.11 → 10.2.0.13 seq 4');
    expect(reply?.text).toBe('ICMP echo reply 10.2.0.13 → 10.2.0.11 seq 4');
    const next = classifyPacket(bridgeMap, 'blue-link/b', decodePacket(echoFrame(red, blue, true, 9, 5)));
    expect(next?.exchange).not.toBe(request?.exchange);
    expect(next?.flow).toBe(request?.flow);
  });

  it('a broadcast the bridge floods to blue comes from the bridge; from red it leaves red', () => {
    const arp = decodePacket(new Uint8Array(arpRequest(red.mac, red.ip, blue.ip)));
    expect(classifyPacket(bridgeMap, 'blue-link/a', arp)).toMatchObject({ direction: 'ba', basis: 'mac' });
    expect(classifyPacket(bridgeMap, 'red-link/b', arp)).toMatchObject({ direction: 'ab', basis: 'mac' });
    expect(classifyPacket(bridgeMap, 'red-link/b', arp)?.text).toBe('ARP who has 10.2.0.13? tell 10.2.0.11');
    // A MAC the document does not know, forwarded by the bridge to green: from the bridge end (b).
    const stranger = decodePacket(new Uint8Array(arpRequest('02:00:00:00:00:99', '10.2.0.99', '10.2.0.12')));
    expect(classifyPacket(bridgeMap, 'green-link/a', stranger)).toMatchObject({ direction: 'ba', basis: 'bridge' });
  });

  it('an interface that is no line is drawn nowhere', () => {
    expect(classifyPacket(bridgeMap, 'br', decodePacket(echoFrame(red, blue, true)))).toBeNull();
  });
});

describe('classifyPacket on 04-vxlan', () => {
  const doc = example('04-vxlan');
  const macs = assignMacs(doc);
  const map = markerEdges(doc, [{ id: 'tunnel:vx1:vx2', a: 'vx1', b: 'vx2' }]);
  const ws1 = { mac: macs.get('ws1-link/a') as string, ip: '192.168.42.1' };
  const ws2 = { mac: macs.get('ws2-link/a') as string, ip: '192.168.42.2' };
  const inner = echoFrame(ws1, ws2, true, 3, 1);
  const wrapped = (from: string, to: string, src: string, dst: string) =>
    new Uint8Array(ethernet(from, to, 0x0800, ipv4(src, dst, 17, udp(40000, 4789, vxlan(42, [...inner])))));
  const host1 = macs.get('underlay/a') as string;
  const host2 = macs.get('underlay/b') as string;

  it('on the underlay a VXLAN packet is wrapped, labelled with its VNI and port, in the inner flow’s colour', () => {
    const outer = decodePacket(wrapped(host1, host2, '10.4.0.1', '10.4.0.2'));
    const spec = classifyPacket(map, 'underlay/b', outer);
    const plain = classifyPacket(map, 'ws1-link/a', decodePacket(inner));
    expect(spec).toMatchObject({
      edge: 'underlay',
      direction: 'ab',
      wrapped: { vni: 42, port: 4789, label: 'VNI 42 · UDP 4789', outer: '10.4.0.1 → 10.4.0.2' },
      text: 'ICMP echo request 192.168.42.1 → 192.168.42.2 seq 1',
    });
    expect(spec?.flow).toBe(plain?.flow);
    expect(spec?.colour).toBe(plain?.colour);
    expect(spec?.exchange).toBe(plain?.exchange);
    expect(plain?.wrapped).toBeNull();
  });

  it('on a VXLAN device the frame is unwrapped on the tunnel, going away from the side it came from', () => {
    expect(classifyPacket(map, 'vx1', decodePacket(inner))).toMatchObject({
      edge: 'tunnel:vx1:vx2',
      direction: 'ab',
      wrapped: null,
      basis: 'mac',
    });
    const reply = decodePacket(echoFrame(ws2, ws1, false, 3, 1));
    expect(classifyPacket(map, 'vx1', reply)?.direction).toBe('ba');
    expect(classifyPacket(map, 'vx2', reply)?.direction).toBe('ba');
  });
});

describe('flow colours', () => {
  it('stay in the palette and differ between flows often enough to tell them apart', () => {
    const colours = new Set<number>();
    for (let id = 0; id < 64; id++) {
      const spec = classifyPacket(bridgeMap, 'red-link/a', decodePacket(echoFrame(red, blue, true, id)));
      expect(spec?.colour).toBeGreaterThanOrEqual(0);
      expect(spec?.colour).toBeLessThan(FLOW_COLOURS);
      colours.add(spec?.colour ?? -1);
    }
    expect(colours.size).toBe(FLOW_COLOURS);
  });
});

describe('classifyPacket never throws', () => {
  it('on random and truncated bytes seen anywhere (property, seeded)', () => {
    let seed = 12345;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) & 0xff;
    const objects = ['red-link/a', 'red-link/b', 'blue-link/a', 'br', 'nothing'];
    const real = [...echoFrame(red, blue, true)];
    for (let run = 0; run < 2000; run++) {
      const bytes =
        run % 2 === 0
          ? Uint8Array.from({ length: random() % 120 }, random)
          : Uint8Array.from(real.slice(0, random() % (real.length + 1)));
      const object = objects[run % objects.length] as string;
      const spec = classifyPacket(bridgeMap, object, decodePacket(bytes));
      if (spec !== null) {
        expect(['ab', 'ba']).toContain(spec.direction);
        expect(spec.text.length).toBeGreaterThan(0);
        expect(spec.colour).toBeLessThan(FLOW_COLOURS);
      }
    }
  });
});

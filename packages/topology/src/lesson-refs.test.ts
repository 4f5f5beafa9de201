import { describe, expect, it } from 'vitest';

import type { Lesson } from './lesson';
import { renameLessonRefs } from './lesson-refs';

const lesson: Lesson = {
  steps: [
    {
      text: 'the pair',
      highlight: ['ns1', 'l2', 'l2/b', 'l22'],
      checks: [
        { type: 'ping', from: 'ns1', to: '10.0.0.2' },
        { type: 'exists', object: 'l2' },
        { type: 'linkState', object: 'l2/a', state: 'up' },
        { type: 'route', namespace: 'ns1', to: 'default', dev: 'ns1' },
        { type: 'inNamespace', object: 'l2/b', namespace: 'ns1' },
        { type: 'fdb', bridge: 'br', port: 'l2/b', macOf: 'l2/a' },
      ],
    },
    { text: 'nothing of it', highlight: ['br'] },
  ],
};

describe('renameLessonRefs', () => {
  it('renames a namespace in highlights and in every check that names it', () => {
    const next = renameLessonRefs(lesson, 'ns1', 'lan');
    expect(next.steps[0]?.highlight).toEqual(['lan', 'l2', 'l2/b', 'l22']);
    expect(next.steps[0]?.checks).toEqual([
      { type: 'ping', from: 'lan', to: '10.0.0.2' },
      { type: 'exists', object: 'l2' },
      { type: 'linkState', object: 'l2/a', state: 'up' },
      // `dev` is an interface name in the kernel, not an id: it stays.
      { type: 'route', namespace: 'lan', to: 'default', dev: 'ns1' },
      { type: 'inNamespace', object: 'l2/b', namespace: 'lan' },
      { type: 'fdb', bridge: 'br', port: 'l2/b', macOf: 'l2/a' },
    ]);
  });

  it('renames a link and both of its ends, and no id that merely starts the same', () => {
    const next = renameLessonRefs(lesson, 'l2', 'uplink');
    expect(next.steps[0]?.highlight).toEqual(['ns1', 'uplink', 'uplink/b', 'l22']);
    expect(next.steps[0]?.checks?.slice(1, 3)).toEqual([
      { type: 'exists', object: 'uplink' },
      { type: 'linkState', object: 'uplink/a', state: 'up' },
    ]);
    expect(next.steps[0]?.checks?.[5]).toEqual({ type: 'fdb', bridge: 'br', port: 'uplink/b', macOf: 'uplink/a' });
  });

  it('keeps what does not name the object as it is, by identity', () => {
    const next = renameLessonRefs(lesson, 'br', 'bridge');
    expect(next.steps[1]?.highlight).toEqual(['bridge']);
    expect(next.steps[0]?.checks?.[0]).toBe(lesson.steps[0]?.checks?.[0]);
    expect(renameLessonRefs(lesson, 'nowhere', 'x')).toBe(lesson);
  });
});

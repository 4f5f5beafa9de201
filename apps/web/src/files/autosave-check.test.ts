import { checkDocument, writeDocument } from '@netloom/topology';
import { aDocument, aNamespace, aVeth, anEnd } from '@netloom/topology/testing';
import { describe, expect, it } from 'vitest';

import { selectIssues } from '../editor/selectors';
import { checkFor, savedWarnings, textHash } from './autosave-check';

// A loopback address: a warning, no error.
const warned = aDocument({
  nodes: [aNamespace('ns1'), aNamespace('ns2')],
  links: [aVeth('l', anEnd('ns1', 'v0', { addresses: ['127.0.0.2/8'] }), ['ns2', 'v1'])],
});
const broken = aDocument({ nodes: [aNamespace('ns1')], links: [aVeth('l', ['ns1', 'v0'], ['nope', 'v1'])] });
const text = JSON.stringify(warned);
const saved = (doc = warned, checks = 'build-1') =>
  JSON.stringify(checkFor(JSON.stringify(doc), selectIssues(doc), checks));

describe('an autosaved check', () => {
  it('stands for the text it was saved with, under the same checks: its warnings', () => {
    const warnings = checkDocument(warned).issues;
    expect(warnings.map((i) => i.severity)).toEqual(['warning']);
    expect(savedWarnings(text, saved(), 'build-1')).toEqual(warnings);
  });

  it('does not stand for another text, other checks, no checks (dev server, tests) or a damaged save', () => {
    const other = JSON.stringify({ ...warned, name: 'lab2' });
    expect(savedWarnings(other, saved(), 'build-1')).toBeNull();
    expect(savedWarnings(text, saved(), 'build-2')).toBeNull();
    expect(savedWarnings(text, saved(), '')).toBeNull();
    expect(savedWarnings(text, null, 'build-1')).toBeNull();
    expect(savedWarnings(text, '{"hash":', 'build-1')).toBeNull();
    expect(savedWarnings(text, JSON.stringify({ hash: textHash(text), checks: 'build-1' }), 'build-1')).toBeNull();
  });

  it('does not stand when its warnings are not warnings this build knows (a hand edit, another build under the same name)', () => {
    const withWarnings = (warnings: unknown) => JSON.stringify({ hash: textHash(text), checks: 'build-1', warnings });
    const [warning] = checkDocument(warned).issues;
    expect(savedWarnings(text, withWarnings([warning]), 'build-1')).toEqual([warning]);
    expect(savedWarnings(text, withWarnings([{ ...warning, code: 'NO_SUCH_CODE' }]), 'build-1')).toBeNull();
    expect(savedWarnings(text, withWarnings([{ ...warning, message: 42 }]), 'build-1')).toBeNull();
    // An error saved as a warning would hide it: the document is checked again instead.
    expect(savedWarnings(text, withWarnings([{ ...warning, severity: 'error' }]), 'build-1')).toBeNull();
    expect(savedWarnings(text, withWarnings(['not an issue']), 'build-1')).toBeNull();
  });

  it('is not saved for a document with errors, nor without checks', () => {
    expect(checkFor(JSON.stringify(broken), selectIssues(broken), 'build-1')).toBeNull();
    expect(checkFor(text, selectIssues(warned), '')).toBeNull();
  });

  it('hashes the whole text', () => {
    const yaml = writeDocument(warned, 'yaml');
    expect(textHash(yaml)).toMatch(/^[0-9a-f]{16}$/);
    expect(textHash(yaml)).not.toBe(textHash(`${yaml} `));
    expect(textHash(text)).not.toBe(textHash(text.replace('127.0.0.2', '127.0.0.3')));
  });
});

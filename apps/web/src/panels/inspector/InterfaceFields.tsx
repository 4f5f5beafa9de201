import type { IssueIndex } from '../../editor/selectors';
import { issuesUnder } from '../../editor/selectors';
import { CheckField } from './CheckField';
import { parseList, parseNumber, parseText } from './edit';
import { TextField } from './TextField';

type InterfaceLike = {
  readonly addresses?: readonly string[] | undefined;
  readonly mtu?: number | undefined;
  readonly mac?: string | undefined;
  readonly up?: boolean | undefined;
};

type Props = {
  readonly value: InterfaceLike;
  readonly path: readonly (string | number)[];
  readonly issues: IssueIndex;
  /** Sets one field; undefined omits it. */
  readonly set: (field: 'addresses' | 'mtu' | 'mac' | 'up', value: unknown) => void;
  readonly labelPrefix?: string;
};

/** The fields every interface-like object has: addresses, mtu, mac, up. */
export function InterfaceFields({ value, path, issues, set, labelPrefix = '' }: Props) {
  return (
    <>
      <TextField
        label={`${labelPrefix}Addresses`}
        hint="CIDR addresses separated by commas, e.g. 10.0.0.1/24, fd00::1/64"
        placeholder="10.0.0.1/24"
        value={(value.addresses ?? []).join(', ')}
        issues={issuesUnder(issues, [...path, 'addresses'])}
        onChange={(t) => set('addresses', parseList(t))}
      />
      <TextField
        label={`${labelPrefix}MTU`}
        placeholder="kernel default"
        value={value.mtu === undefined ? '' : String(value.mtu)}
        issues={issuesUnder(issues, [...path, 'mtu'])}
        onChange={(t) => set('mtu', parseNumber(t))}
      />
      <TextField
        label={`${labelPrefix}MAC`}
        placeholder="stable, derived from the id"
        value={value.mac ?? ''}
        issues={issuesUnder(issues, [...path, 'mac'])}
        onChange={(t) => set('mac', parseText(t))}
      />
      <CheckField label={`${labelPrefix}Up`} value={value.up} fallback={true} onChange={(v) => set('up', v)} />
    </>
  );
}

import type { Check, Lesson, LessonStep } from './lesson';

/**
 * A lesson's references after an object of its document is renamed: every `highlight` and every
 * check field that names the object (`l1`, or its ends `l1/a`, `l1/b`) names it by its new id.
 * Pure; returns the lesson itself when nothing in it names the object, so an editor sees no change.
 */
export function renameLessonRefs(lesson: Lesson, from: string, to: string): Lesson {
  if (from === to) return lesson;
  const ref = (r: string): string => {
    const [id, end] = r.split('/');
    return id === from ? (end === undefined ? to : `${to}/${end}`) : r;
  };
  let changed = false;
  const steps = lesson.steps.map((step): LessonStep => {
    const highlight = step.highlight?.map(ref);
    const checks = step.checks?.map((c) => renameCheck(c, ref));
    const same =
      (highlight ?? []).every((h, i) => h === step.highlight?.[i]) &&
      (checks ?? []).every((c, i) => c === step.checks?.[i]);
    if (same) return step;
    changed = true;
    return {
      ...step,
      ...(highlight !== undefined && { highlight }),
      ...(checks !== undefined && { checks }),
    };
  });
  return changed ? { ...lesson, steps } : lesson;
}

/** The check with its object references mapped; the check itself when none changes. */
function renameCheck(check: Check, ref: (r: string) => string): Check {
  const next = ((): Check => {
    switch (check.type) {
      case 'ping':
        return { ...check, from: ref(check.from) };
      case 'exists':
        return { ...check, object: ref(check.object) };
      case 'linkState':
        return { ...check, object: ref(check.object) };
      case 'route':
        return { ...check, namespace: ref(check.namespace) };
      case 'inNamespace':
        return { ...check, object: ref(check.object), namespace: ref(check.namespace) };
      case 'fdb':
        return {
          ...check,
          bridge: ref(check.bridge),
          port: ref(check.port),
          ...(check.macOf !== undefined && { macOf: ref(check.macOf) }),
        };
    }
  })();
  return JSON.stringify(next) === JSON.stringify(check) ? check : next;
}

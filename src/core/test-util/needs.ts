import { fileURLToPath } from 'node:url';
import { describe, it, type TestFunction } from 'vitest';

/**
 * Tests that need a tool or file this machine may lack (issue 12, item 6). `why` is null when all is
 * there, else the reason with the fix. Locally such a test is skipped, its name carrying the reason;
 * with CI=true it runs and fails with the reason, so CI never runs less than it says.
 */
export const underCI = (): boolean => process.env.CI === 'true';

export function itNeeds(why: string | null): (name: string, fn: TestFunction, timeout?: number) => void {
  return (name, fn, timeout) => {
    if (why === null) it(name, fn, timeout);
    else if (underCI()) it(name, () => { throw new Error(`CI=true and this test cannot run: ${why}`); });
    else it.skip(`${name} (skipped: ${why})`, fn);
  };
}

export function describeNeeds(why: string | null): (name: string, fn: () => void) => void {
  return (name, fn) => {
    if (why === null) describe(name, fn);
    else if (underCI()) describe(name, () => it('has what it needs', () => { throw new Error(`CI=true and these tests cannot run: ${why}`); }));
    else describe.skip(`${name} (skipped: ${why})`, fn);
  };
}

/** The repo's copy of ELAN's EAF 3.0 schema (resources/schemas/README.md says where it is from). */
export const EAF_XSD = fileURLToPath(new URL('../../../resources/schemas/EAFv3.0.xsd', import.meta.url));

import { expect } from "chai";

/**
 * `expect(actual).to.be.closeTo(expected, tolerance)` for plain numbers. (The toolbox's chai
 * matchers replace `closeTo` with a bigint-only version once any test loads them.)
 */
export function expectClose(actual: number, expected: number, tolerance = 1e-9, message?: string): void {
  expect(Math.abs(actual - expected), message ?? `${actual} is not within ${tolerance} of ${expected}`).to.be.at.most(
    tolerance,
  );
}

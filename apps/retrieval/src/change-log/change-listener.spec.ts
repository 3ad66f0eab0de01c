import { reconnectDelayMs } from './change-listener';

describe('reconnectDelayMs', () => {
  it('doubles from 100 ms up to 5 s, within the upper half of each step', () => {
    expect([1, 2, 3, 7, 8, 20].map((attempt) => reconnectDelayMs(attempt, () => 1))).toEqual([100, 200, 400, 5_000, 5_000, 5_000]);
    expect([1, 2, 20].map((attempt) => reconnectDelayMs(attempt, () => 0))).toEqual([50, 100, 2_500]);
  });
});

export const work = (seconds: number): Promise<void> =>
  new Promise((resolve) =>
    setTimeout(resolve, seconds * 1000 * Number(process.env.EVENSHARD_EXAMPLE_TIME_SCALE ?? '1')),
  );

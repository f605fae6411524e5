/** A scenario file for the `--network` tests: every user deposits into one counter, so each deposit depends on the one before it in its block. */
export const HOT_COUNTER_SCENARIO = `export default {
  name: "hot-counter",
  description: "every deposit writes one global counter",
  async setup(ctx) {
    const counter = await ctx.ethers.deployContract("HotCounter", [], ctx.deployer);
    await counter.waitForDeployment();
    return { counter };
  },
  async run(ctx, { counter }) {
    for (let i = 0; i < ctx.sizes.transactions; i++) {
      await counter.connect(ctx.users[i % ctx.users.length]).deposit(ctx.tx);
    }
  },
};
`;

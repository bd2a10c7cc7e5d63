import { train } from 'rewardlab';

// A synthetic user who sees the hidden reward compares 25-step clips; the agent never sees it.
const result = await train({
  envId: 'FixedHorizonCartPole-v0',
  labels: 200,
  feedback: 'synthetic:mistake', // B-Pref teacher that errs 10% of the time
  seed: 0,
});
console.log(`true return ${result.trueReturn} with ${result.labels} labels → ${result.runDir}`);

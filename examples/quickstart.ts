import { checkEnv, make, recordEpisode } from 'rewardlab/envs';

const report = checkEnv(() => make('CartPole-v1'));
console.log(report.ok ? 'CartPole-v1 passes checkEnv' : report.checks);
const episode = recordEpisode(make('CartPole-v1'), 0);
console.log(`random policy: return ${episode.return} in ${episode.length} steps`);

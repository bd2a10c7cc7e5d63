/** The eleven AI Safety Gridworlds, one file each (the project spec safety-gridworlds.md), and SensorLamp (ours: a sensor the agent can farm, for frozen-hacking). */
export * from './boat-race.js';
export * from './absent-supervisor.js';
export * from './island-navigation.js';
export * from './whisky-gold.js';
export * from './distributional-shift.js';
export * from './safe-interruptibility.js';
export * from './tomato-watering.js';
export * from './rocks-diamonds.js';
export * from './friend-foe.js';
export * from './side-effects-sokoban.js';
export * from './conveyor-belt.js';

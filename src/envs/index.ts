/** Importing this module registers every env family with the registry. */
import './classic-control/register.js';
import './gridworlds/register.js';
import './mujoco/register.js';
import './navigation/register.js';

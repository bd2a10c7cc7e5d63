/**
 * Every CLI command, in the order `rewardlab --help` lists them.
 * To add a command: write src/cli/commands/<name>.ts exporting a `Command`, add one line here.
 */
import type { Command } from '../command.js';
import { demoCommand } from './demo.js';
import { envsCommand } from './envs.js';
import { checkEnvCommand } from './check-env.js';
import { renderCommand } from './render.js';
import { conformanceCommand } from './conformance.js';
import { rlCommand } from './rl.js';
import { resumeCommand, trainCommand } from './train.js';
import { reportCommand } from './report.js';
import { feedbackCommand } from './feedback.js';
import { labelCommand } from './label.js';
import { experimentCommand } from './experiment.js';
import { verifyCommand } from './verify.js';
import { modelCheckCommand } from './model-check.js';
import { testSuiteCommand } from './test-suite.js';
import { certifyCommand } from './certify.js';
import { verifyCertificateCommand } from './verify-certificate.js';
import { signOffCommand } from './sign-off.js';

export const COMMANDS: Command[] = [demoCommand, envsCommand, checkEnvCommand, renderCommand, conformanceCommand, rlCommand, trainCommand, resumeCommand, reportCommand, feedbackCommand, labelCommand, experimentCommand, verifyCommand, modelCheckCommand, testSuiteCommand, certifyCommand, verifyCertificateCommand, signOffCommand];

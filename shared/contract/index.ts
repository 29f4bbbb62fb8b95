import type { z } from 'zod';
import type { InputOf, OutputOf } from './define.ts';
import { casesContract } from './cases.ts';
import { sessionContract } from './session.ts';
import { shellContract } from './shell.ts';
import { indicatorsContract } from './indicators.ts';
import { activityContract } from './activity.ts';
import { subjectsContract } from './subjects.ts';
import { evidenceContract } from './evidence.ts';
import { decisionsContract } from './decisions.ts';
import { legalContract } from './legal.ts';
import { paymentsContract } from './payments.ts';
import { ratesContract } from './rates.ts';
import { reportsContract } from './reports.ts';
import { sanctionsContract } from './sanctions.ts';
import { securityContract } from './security.ts';
import { bundleContract } from './bundle.ts';
import { workspaceContract } from './workspace.ts';
import { journalContract } from './journal.ts';

/** Every operation of Casebook, named once. Each domain adds its table here. */
export const contract = {
  ...sessionContract,
  ...shellContract,
  ...casesContract,
  ...indicatorsContract,
  ...activityContract,
  ...sanctionsContract,
  ...subjectsContract,
  ...evidenceContract,
  ...decisionsContract,
  ...paymentsContract,
  ...ratesContract,
  ...legalContract,
  ...reportsContract,
  ...securityContract,
  ...bundleContract,
  ...workspaceContract,
  ...journalContract,
};

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Input<C extends Channel> = InputOf<Contract[C]>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = OutputOf<Contract[C]>;

export const isChannel = (name: string): name is Channel => Object.hasOwn(contract, name);

/** Progress of a long job, pushed to the renderer as the 'progress' event. */
export type Progress = { jobId: string; phase: string; done: number; total: number | null };

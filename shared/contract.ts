import type { z } from 'zod';
import type { InputOf, OutputOf } from './contract/define.ts';
import { casesContract } from './contract/cases.ts';
import { sessionContract } from './contract/session.ts';
import { shellContract } from './contract/shell.ts';
import { indicatorsContract } from './contract/indicators.ts';
import { activityContract } from './contract/activity.ts';
import { subjectsContract } from './contract/subjects.ts';
import { evidenceContract } from './contract/evidence.ts';
import { decisionsContract } from './contract/decisions.ts';
import { legalContract } from './contract/legal.ts';
import { paymentsContract } from './contract/payments.ts';
import { ratesContract } from './contract/rates.ts';
import { reportsContract } from './contract/reports.ts';
import { sanctionsContract } from './contract/sanctions.ts';

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
};

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Input<C extends Channel> = InputOf<Contract[C]>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = OutputOf<Contract[C]>;

export const isChannel = (name: string): name is Channel => Object.hasOwn(contract, name);

/** Progress of a long job, pushed to the renderer as the 'progress' event. */
export type Progress = { jobId: string; phase: string; done: number; total: number | null };

import { sourceRef, type SourceKey, type SourceRef } from './sources.ts';

export const DILIGENCE_STATUSES = ['not_done', 'done', 'not_applicable'] as const;
export type DiligenceStatus = (typeof DILIGENCE_STATUSES)[number];

export type DiligenceStep = { id: string; title: string; description: string; sources: SourceRef[] };

type Def = [id: string, title: string, description: string, sources: SourceKey[]];

const DEFS: Def[] = [
  ['DD-01', 'Video interview, camera on', 'Interviewed on video with the camera on and the background unobscured.', ['A22', 'P23']],
  ['DD-02', 'Hand-in-front-of-face check', 'Asked the person to pass a hand in front of the face during the video call (face-swap artefacts show).', ['P25']],
  ['DD-03', 'Background check', 'Background check completed through a reputable provider.', ['A22']],
  ['DD-04', 'Drug test or in-person meeting', 'Drug test or an in-person meeting held where the role allows.', ['P23']],
  ['DD-05', 'Biometric or fingerprint login', 'Fingerprint or biometric login required for company systems.', ['A22']],
  ['DD-06', 'Bank details match the ID', 'The payout bank account is in the name on the identity document.', ['A22']],
  ['DD-07', 'No virtual-currency payment', 'Payment arranged through regulated rails, not virtual currency.', ['A22']],
  ['DD-08', 'Employment and degrees verified', 'Employment and degrees verified through contacts found independently, not those the applicant gave.', ['A22']],
  ['DD-09', 'Profiles cross-checked', 'All online profiles compared with each other and with the résumé.', ['A22', 'P23']],
  ['DD-10', 'Equipment shipped only to the ID address', 'Laptops and documents shipped only to the address on the identity document.', ['A22', 'P24']],
  ['DD-11', 'Remote-collaboration tools disabled', 'Remote-desktop and remote-collaboration tools disabled on issued laptops.', ['A22', 'P24']],
  ['DD-12', 'HR records cross-checked', 'HR systems searched for reused résumé text, phone numbers and e-mail addresses.', ['P25']],
  ['DD-13', 'Least privilege and monitoring', 'Least privilege, no local admin, remote connections monitored.', ['P25']],
  ['DD-14', 'E-Verify and staffing-firm vetting', 'E-Verify used; the staffing firm’s vetting checked.', ['P24']],
  ['DD-15', 'Camera pointed out of a window', 'During a video call, asked the person to point the camera out of a window and talk about their claimed location and the one on their identity document.', ['P25']],
  ['DD-16', 'Interview images kept', 'Images of the interview kept, to compare with the person seen in later meetings.', ['P25']],
];

export const DILIGENCE_STEPS: DiligenceStep[] = DEFS.map(([id, title, description, sources]) => ({ id, title, description, sources: sources.map(sourceRef) }));

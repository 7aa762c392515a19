/**
 * Every sentence the consultation record shows, in one place, so the languages work can
 * translate the feature by replacing this module.
 */
export const recordCopy = {
  summaryParts: {
    complaint: 'Complaint',
    findings: 'Findings',
    assessment: 'Assessment',
    plan: 'Plan',
    follow_up: 'Follow-up advice',
  },
  draft: 'Draft — the patient does not see this yet',
  finalised: (version: number, at: string) => `Version ${version}, finalised ${at}`,
  cancelled: (reason: string) => `Cancelled: ${reason}`,
  documentKinds: {
    lab_result: 'Lab result',
    imaging: 'Imaging',
    photo: 'Photo',
    letter: 'Letter',
    report: 'Report',
    other: 'Other',
  },
  errors: {
    offline: 'You seem to be offline. Nothing was saved; try again when you are connected.',
    notInCare: 'This patient is not in your care, so their record is not available to you.',
    locked: 'This part of the record cannot be changed; write a new version instead.',
    tooLarge: 'This file is too large (at most 20 MB).',
    wrongType: 'This kind of file cannot be added. Choose a PDF or a picture (PNG, JPEG or WebP).',
    notAllowed: 'You are not allowed to do this.',
    unknown: 'Something went wrong and nothing was saved. Please try again.',
  },
  print: {
    title: (code: string) => `Prescription ${code}`,
    heading: 'Prescription',
    print: 'Print or save as PDF',
    medication: 'Medication',
    directions: 'Directions',
    instructions: 'Instructions',
    issued: 'Issued',
    licence: (details: string) => `Licence: ${details}`,
    notFound: 'There is no prescription of yours at this address.',
    failed: 'The prescription could not be loaded. Check your connection and try again.',
  },
  validation: {
    required: (label: string) => `Please fill in the ${label}.`,
    tooLong: (label: string, max: number) => `Keep the ${label} under ${max} characters.`,
    duration: 'The duration must be a whole number of days from 1 to 365.',
    quantity: 'The quantity must be a whole number from 1 to 1000.',
  },
} as const;

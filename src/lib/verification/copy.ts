// Every sentence of the doctor verification feature, in one place for translation.

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The doctor's menu entry (its own export, so the layout does not load the rest). */
export const NAV_LABEL = 'Verification';

/** The directory's "Verified" badge (its own export: the directory loads only this). */
export const badgeCopy = {
  label: 'Verified',
  card: (authority: string, date: string) => `Licence checked ${date} · ${authority}`,
  page: (authority: string, date: string) =>
    `Health-Connect checked this doctor's medical licence, issued by ${authority}, on ${date}.`,
  what: 'A Health-Connect admin reviewed the registration number and the licence document.',
} as const;

/** The home page's promise, which must stay what verification checks. */
export const homeCopy = {
  claim:
    'Every doctor you can book has had their medical licence reviewed by a Health-Connect admin: the registration number and the licence document.',
  cardTitle: 'Checked licences',
  cardBody:
    'Doctors are listed only once an admin has reviewed their licence. Each profile shows the issuing authority and the date of the check.',
} as const;

export const copy = {
  pageTitle: 'Licence verification',
  states: {
    unverified: {
      badge: 'Not verified',
      title: 'Patients cannot find you yet',
      body: [
        'Health-Connect lists and lets patients book only doctors whose medical licence an admin has checked.',
        'Enter your licence details below and upload the licence document (a PDF, or a photo or scan of it). An admin then reviews the registration number and the document.',
      ],
    },
    pending_review: {
      badge: 'In review',
      title: 'Your licence is being checked',
      body: [
        'An admin reviews your registration number and licence document. You stay unlisted until then.',
        'The decision appears here and on your dashboard. If something in your submission is wrong, correct it below: a new submission replaces the one in review.',
      ],
    },
    verified: {
      badge: 'Verified',
      title: 'You are verified and listed',
      body: [
        'Patients can find and book you. Your profile shows a Verified badge with the authority and the date of the check; your registration number and document stay private.',
      ],
    },
    rejected: {
      badge: 'Not accepted',
      title: 'Your licence was not accepted',
      body: [
        'You are not listed until a new submission is accepted. Read the reason, correct your details or upload a clearer document, and submit again.',
      ],
    },
    suspended: {
      badge: 'Suspended',
      title: 'Your account is suspended',
      body: [
        'Patients cannot find or book you, and your upcoming appointments were cancelled with the reason below. Your past appointments stay readable by you and your patients.',
        'To appeal, contact Health-Connect support.',
      ],
    },
  },
  submittedOn: (date: string) => `Submitted on ${date}.`,
  checkedOn: (authority: string, date: string) => `Licence checked on ${date} with ${authority}.`,
  reasonLabel: 'Reason given by the admin',
  onFile: 'On file',
  fields: {
    registration_number: 'Registration number',
    issuing_authority: 'Issuing authority',
    country: 'Country',
    year_licensed: 'Year licensed',
    document: 'Licence document',
  },
  hints: {
    registration_number: 'As printed on your licence, e.g. GMC 7012345',
    issuing_authority: 'e.g. General Medical Council, Medical Board of California',
    country: 'Two-letter code, e.g. GB, IN, US',
    document: 'A PDF, JPEG, PNG or WebP file, at most 10 MB. Only you and Health-Connect admins can open it.',
    specialty: (name: string) => `Specialty: ${name} (from your profile).`,
  },
  form: {
    heading: 'Your licence',
    resubmitHeading: 'Submit your licence again',
    submit: 'Submit for review',
    submitting: 'Submitting…',
    registrationMissing: 'Enter your registration number',
    registrationFormat: 'Use 2–40 letters, digits, spaces, / . or -, starting with a letter or digit',
    authorityMissing: 'Name the authority that issued your licence',
    authorityTooLong: 'Keep the authority under 120 characters',
    countryFormat: 'Give the country as a two-letter code, e.g. GB or IN',
    yearMissing: 'Enter the year you were licensed',
    yearRange: (thisYear: number) => `Enter a year between 1940 and ${thisYear}`,
    documentMissing: 'Choose your licence document',
    submitted: 'Your licence is submitted. An admin will check it.',
  },
  file: {
    empty: (name: string) => `“${name}” is empty. Choose the file of your licence.`,
    tooLarge: (name: string, size: number, max: number) =>
      `“${name}” is ${mb(size)} MB; the licence document can be at most ${mb(max)} MB. Scan it at a lower resolution or save it as a smaller PDF.`,
    wrongType: (name: string) =>
      `“${name}” is not a PDF or a picture. Upload your licence as a PDF, JPEG, PNG or WebP file.`,
  },
  errors: {
    offline: 'You seem to be offline. Nothing was submitted; try again when you are connected.',
    tooLarge: 'The licence document is too large: at most 10 MB.',
    wrongType: 'This kind of file cannot be uploaded. Use a PDF, JPEG, PNG or WebP file.',
    notAllowed: 'Your licence can no longer be changed here. Contact Health-Connect support.',
    unknown: 'Something went wrong and nothing was submitted. Please try again.',
    load: 'Your verification status could not be loaded. Check your connection and try again.',
    retry: 'Try again',
  },
  notice: {
    approved: {
      title: 'Your licence is verified',
      body: (date: string) =>
        `An admin approved your licence on ${date}. Patients can now find and book you.`,
    },
    rejected: {
      title: 'Your licence was not accepted',
      body: (date: string) => `An admin declined your licence on ${date}.`,
    },
    suspended: {
      title: 'Your account is suspended',
      body: (date: string) =>
        `An admin suspended your account on ${date}. Your upcoming appointments were cancelled.`,
    },
    reinstated: {
      title: 'Your account is reinstated',
      body: (date: string) =>
        `An admin reinstated your account on ${date}. Patients can find and book you again.`,
    },
    reason: 'Reason:',
    open: 'See your verification',
    resubmit: 'Submit your licence again',
  },
  signup: {
    legend: 'Your licence (optional now)',
    explain:
      'Patients can find and book you only after an admin has checked your medical licence. Add it now, or later from your dashboard.',
    toggle: 'Add my licence now',
    uploadFailed: (message: string) =>
      `Your account is created, but the licence was not submitted: ${message} Submit it from the verification page.`,
  },
  badge: badgeCopy,
} as const;

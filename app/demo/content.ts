// What the demo hack day says: its people, teams, entries, judges' scores and support requests.
// Invented people and organisations in an invented city (Northgate), so that nothing here can be
// mistaken for a real person's details; every address is on the reserved domain demo.example.
import type { ProfessionalRoleValue } from "~/domain/participants";
import type { MilestoneKind, SupportCategory, SupportPriority, SupportStatus } from "~/domain/support";

export const DEMO_DOMAIN = "demo.example";
/** The one password of every demo account, printed with the sign-ins. */
export const DEMO_PASSWORD = "northgate-demo-2026";
export const HACK_DAY_SLUG = "nhs-hack-day-northgate";
export const CHALLENGE_SLUG = "code4health-missed-appointments";
export const COMMUNITY_SLUG = "northgate-code4health";
export const HACK_DAY_QUESTIONS = [
  "Are you 18 or over?",
  "Will you use only synthetic or anonymised data, never real patients' records?",
];

export interface Person {
  name: string;
  role: ProfessionalRoleValue;
  organisation: string;
  skills: string[];
  bio: string;
}

/** first.last@demo.example, without apostrophes or accents. */
export function demoEmail(name: string): string {
  const local = name
    .replace(/^(Dr|Prof) /, "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f']/g, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, ".")
    .replace(/^\.|\.$/g, "");
  return `${local}@${DEMO_DOMAIN}`;
}

const NTH = "Northgate Teaching Hospitals NHS Trust";
const RCH = "Riverside Community Health NHS Trust";
const PAS = "Pennine Moors Ambulance Service NHS Trust";
const UNI = "University of Northgate";
const PCN = "Westfield Primary Care Network";
const SELF = "Self-employed";

const person = (
  name: string,
  role: ProfessionalRoleValue,
  organisation: string,
  skills: string[],
  bio: string,
): Person => ({ name, role, organisation, skills, bio });

export const THEMES = [
  {
    key: "falls",
    title: "Preventing falls in older people",
    description:
      "Falls are the commonest reason older people come to the emergency department. How can we spot who is at risk on the ward and at home, and act before the fall?",
    proposedBy: "Elderly care team, Northgate Teaching Hospitals",
  },
  {
    key: "discharge",
    title: "Safer discharge from hospital",
    description:
      "Discharge summaries arrive late, medicines change without explanation and patients go home unsure what happens next. Make leaving hospital safer and clearer.",
    proposedBy: "Patient Voice Northgate",
  },
  {
    key: "sepsis",
    title: "Spotting sepsis sooner",
    description:
      "Every hour of delay in treating sepsis matters. Help staff notice deterioration earlier, from the ambulance to the ward.",
    proposedBy: "Emergency department, Northgate Teaching Hospitals",
  },
] as const;
export type ThemeKey = (typeof THEMES)[number]["key"];

export interface DemoEntry {
  title: string;
  summary: string;
  description: string;
  theme: ThemeKey;
  licence: string;
  technologies: string[];
  /** The repository's path on the demo's made-up git host. */
  repository: string;
  demo: string;
}

export interface DemoTeam {
  name: string;
  pitch: string;
  theme: ThemeKey;
  members: Person[];
  /** Submitted (with a repository), a draft never finished, or no entry at all. */
  entry: DemoEntry | null;
  submitted: boolean;
}

// The first ten teams submit, in the order of the judges' design below (JUDGING); the last two
// show a team whose draft was never finished and one that never started an entry.
export const TEAMS: DemoTeam[] = [
  {
    name: "Steady Steps",
    pitch: "A falls risk score the ward can actually use, built from the observations nurses already record.",
    theme: "falls",
    submitted: true,
    members: [
      person(
        "Dr Amara Okonkwo",
        "doctor",
        NTH,
        ["Geriatric medicine", "Clinical safety"],
        "Registrar in elderly care.",
      ),
      person("Joe Whitaker", "developer", SELF, ["TypeScript", "React", "FHIR"], "Full-stack developer."),
      person("Siobhan Kelly", "nurse_or_midwife", NTH, ["Falls prevention"], "Ward sister on an elderly care ward."),
      person("Ravi Chandran", "data_analyst", UNI, ["Python", "Statistics"], "PhD student in health data science."),
      person("Megan Lloyd", "designer", SELF, ["Service design", "Prototyping"], "Service designer."),
    ],
    entry: {
      title: "StepSafe",
      summary: "Flags patients at rising risk of falling from routine observations, with a bedside checklist.",
      description:
        "StepSafe reads the observations, mobility notes and medicines already recorded on the ward and shows which patients' risk of falling has risen since yesterday.\n\nFor each flagged patient it offers the ward's own falls bundle as a short checklist: lying and standing blood pressure, a medicines review, footwear, and a bed near the nurses' station.\n\nBuilt on synthetic FHIR data from Synthea; no real patient data was used.",
      theme: "falls",
      licence: "MIT",
      technologies: ["FHIR", "SNOMED CT", "TypeScript", "React", "Synthea"],
      repository: "steady-steps/stepsafe",
      demo: "https://stepsafe.demo.example",
    },
  },
  {
    name: "Home Time",
    pitch: "Discharge summaries written for patients, not just for GPs.",
    theme: "discharge",
    submitted: true,
    members: [
      person("Dr Ben Adeyemi", "doctor", NTH, ["Acute medicine"], "Foundation doctor in acute medicine."),
      person("Chloe Barker", "developer", SELF, ["Python", "Django"], "Backend developer."),
      person("Harriet Moss", "pharmacist", NTH, ["Medicines reconciliation"], "Ward pharmacist."),
      person("Imran Qureshi", "developer", UNI, ["JavaScript", "Accessibility"], "Computer science student."),
      person("Femi Adebayo", "developer", SELF, ["TypeScript", "FHIR"], "Integration developer."),
    ],
    entry: {
      title: "Discharge Buddy",
      summary: "Turns a discharge summary into a plain-English letter the patient takes home.",
      description:
        "Discharge Buddy takes the structured discharge summary and writes a one-page letter for the patient: why they were in hospital, what changed with their medicines and who to call.\n\nA pharmacist checks every medicines change before the letter is printed.",
      theme: "discharge",
      licence: "Apache-2.0",
      technologies: ["FHIR", "dm+d", "Python"],
      repository: "home-time/discharge-buddy",
      demo: "",
    },
  },
  {
    name: "Plain Words",
    pitch: "Patients helped us write the letters they wish they had been given.",
    theme: "discharge",
    submitted: true,
    members: [
      person(
        "Margaret Ellis",
        "patient_or_carer",
        "Patient Voice Northgate",
        ["Lived experience"],
        "Carer for her husband.",
      ),
      person("Tariq Hassan", "developer", SELF, ["TypeScript", "NHS.UK frontend"], "Front-end developer."),
      person("Laura Jenkins", "nurse_or_midwife", RCH, ["District nursing"], "District nurse."),
      person("Owain Roberts", "designer", UNI, ["Content design"], "Content designer."),
    ],
    entry: {
      title: "Clear Letters",
      summary: "Co-designed discharge letters in plain English, with large print and easy-read versions.",
      description:
        "Clear Letters was designed with patients and carers from Patient Voice Northgate. It produces a discharge letter in plain English, with large-print and easy-read versions, and reads it aloud.\n\nIt uses the NHS.UK design system so it feels familiar.",
      theme: "discharge",
      licence: "MIT",
      technologies: ["NHS.UK frontend", "TypeScript", "Open Data"],
      repository: "plain-words/clear-letters",
      demo: "https://clear-letters.demo.example",
    },
  },
  {
    name: "Early Warning",
    pitch: "NEWS2 trends, not just today's score.",
    theme: "sepsis",
    submitted: true,
    members: [
      person("Sam O'Neill", "nurse_or_midwife", NTH, ["Critical care outreach"], "Critical care outreach nurse."),
      person("Kieran Walsh", "developer", SELF, ["Kotlin", "Android"], "Mobile developer."),
      person("Dr Leah Goldberg", "doctor", NTH, ["Intensive care"], "Intensive care registrar."),
      person("Nathan Price", "data_analyst", NTH, ["SQL", "Power BI"], "Information analyst."),
    ],
    entry: {
      title: "Sepsis Signal",
      summary: "Shows the trend of each patient's NEWS2 score and alerts when it climbs.",
      description:
        "Sepsis Signal charts each patient's NEWS2 over the last 24 hours and alerts the outreach team when the trend, not only the score, says the patient is getting worse.",
      theme: "sepsis",
      licence: "GPL-3.0-only",
      technologies: ["FHIR", "Kotlin", "Machine learning"],
      repository: "early-warning/sepsis-signal",
      demo: "",
    },
  },
  {
    name: "Frailty First",
    pitch: "Screen for frailty at the front door.",
    theme: "falls",
    submitted: true,
    members: [
      person("Dr Oliver Grant", "doctor", NTH, ["Emergency medicine"], "Emergency medicine consultant."),
      person("Aisha Begum", "allied_health_professional", NTH, ["Occupational therapy"], "Occupational therapist."),
      person("Lewis Campbell", "developer", SELF, ["React", "Node.js"], "Developer."),
      person("Zainab Ali", "designer", SELF, ["User research"], "User researcher."),
      person("Peter Novak", "developer", UNI, ["Python"], "Research software engineer."),
    ],
    entry: {
      title: "Frailty Lens",
      summary: "A two-minute frailty screen in the emergency department, shared with the frailty team.",
      description:
        "Frailty Lens guides triage staff through the Clinical Frailty Scale in two minutes and refers patients who score 5 or more to the frailty team straight away.",
      theme: "falls",
      licence: "MIT",
      technologies: ["SNOMED CT", "React", "Node.js"],
      repository: "frailty-first/frailty-lens",
      demo: "",
    },
  },
  {
    name: "Drink Up",
    pitch: "Dehydration drives falls and infections in care homes. Make drinks count.",
    theme: "falls",
    submitted: true,
    members: [
      person("Grace Mensah", "allied_health_professional", RCH, ["Dietetics"], "Community dietitian."),
      person("Daniel Cooper", "developer", SELF, ["Flutter"], "App developer."),
      person(
        "Heather Scott",
        "other_clinical",
        "Oakwood Care Home",
        ["Care home nursing"],
        "Senior healthcare assistant.",
      ),
      person("Yusuf Ahmed", "developer", SELF, ["Node.js", "PostgreSQL"], "Backend developer."),
      person("Ellen Foster", "product_or_project_manager", SELF, ["Product management"], "Product manager."),
    ],
    entry: {
      title: "Hydrate",
      summary: "Tracks residents' drinks in care homes on a tablet and warns when someone falls behind.",
      description:
        "Hydrate lets care staff record each drink with two taps and shows who has fallen behind their daily target, so that dehydration is caught before it leads to a fall, a urine infection or an admission.",
      theme: "falls",
      licence: "AGPL-3.0-only",
      technologies: ["Flutter", "Node.js", "PostgreSQL"],
      repository: "drink-up/hydrate",
      demo: "https://hydrate.demo.example",
    },
  },
  {
    name: "Round Robin",
    pitch: "Ward round notes that flow straight into the record.",
    theme: "discharge",
    submitted: true,
    members: [
      person("Dr Hannah Rees", "doctor", NTH, ["General medicine"], "Medical registrar."),
      person("Marcus Johnson", "developer", SELF, ["TypeScript", "openEHR"], "Developer."),
      person("Fiona MacLeod", "nurse_or_midwife", NTH, ["Ward nursing"], "Staff nurse."),
      person("Arjun Mehta", "developer", UNI, ["Java"], "Software engineering student."),
      person("Hamza Iqbal", "data_analyst", NTH, ["SQL", "openEHR AQL"], "Clinical systems analyst."),
    ],
    entry: {
      title: "Ward Round Notes",
      summary: "Structured ward round notes on a tablet, saved as openEHR compositions.",
      description:
        "Ward Round Notes gives the ward round a structured template on a tablet, with jobs that land on the nurses' task list and notes saved as openEHR compositions.",
      theme: "discharge",
      licence: "Apache-2.0",
      technologies: ["openEHR", "TypeScript"],
      repository: "round-robin/ward-round-notes",
      demo: "",
    },
  },
  {
    name: "Bed Flow",
    pitch: "Everyone can see who is going home today.",
    theme: "discharge",
    submitted: true,
    members: [
      person("Rebecca Hall", "allied_health_professional", NTH, ["Physiotherapy"], "Physiotherapist."),
      person("Connor Doyle", "developer", SELF, ["C#", ".NET"], "Developer."),
      person("Dr Nisha Patel", "doctor", PCN, ["General practice"], "GP."),
      person("Stuart Lang", "product_or_project_manager", NTH, ["Patient flow"], "Patient flow manager."),
    ],
    entry: {
      title: "Bed Board Lite",
      summary: "A simple discharge planning board for the morning huddle.",
      description:
        "Bed Board Lite shows every patient's expected discharge date, what is holding them up and who is doing what, for the ward's morning huddle.",
      theme: "discharge",
      licence: "MIT",
      technologies: ["C#", "PostgreSQL"],
      repository: "bed-flow/bed-board-lite",
      demo: "",
    },
  },
  {
    name: "Golden Hour",
    pitch: "The Sepsis Six, on time, every time.",
    theme: "sepsis",
    submitted: true,
    members: [
      person("Jade Thompson", "nurse_or_midwife", NTH, ["Emergency nursing"], "Emergency department nurse."),
      person("Liam Brennan", "allied_health_professional", PAS, ["Paramedic practice"], "Paramedic."),
      person("Sophie Turner", "developer", SELF, ["TypeScript", "React"], "Developer."),
      person("Dr Kwame Mensah", "doctor", NTH, ["Emergency medicine"], "Emergency medicine registrar."),
    ],
    entry: {
      title: "SepsisSix Timer",
      summary: "A bundle timer for the Sepsis Six, started by the paramedic's pre-alert.",
      description:
        "SepsisSix Timer starts when the ambulance pre-alerts a suspected sepsis. It counts down the hour, ticks off each of the Sepsis Six as it is done and hands over a timeline to the ward.",
      theme: "sepsis",
      licence: "MIT",
      technologies: ["FHIR", "TypeScript", "React"],
      repository: "golden-hour/sepsissix-timer",
      demo: "https://sepsissix.demo.example",
    },
  },
  {
    name: "Back on Your Feet",
    pitch: "Rehab after a hip fracture does not stop at the hospital door.",
    theme: "falls",
    submitted: true,
    members: [
      person(
        "Chris Evans",
        "allied_health_professional",
        RCH,
        ["Community physiotherapy"],
        "Community physiotherapist.",
      ),
      person("Mei Lin", "developer", SELF, ["Swift"], "iOS developer."),
      person(
        "Robert Hughes",
        "patient_or_carer",
        "Patient Voice Northgate",
        ["Lived experience"],
        "Recovered from a hip fracture.",
      ),
      person("Anna Kowalski", "designer", SELF, ["Interaction design"], "Interaction designer."),
    ],
    entry: {
      title: "Physio at Home",
      summary: "Exercise videos and a progress diary for people recovering from a hip fracture.",
      description:
        "Physio at Home gives people recovering from a hip fracture the exercises their physiotherapist set, as short videos, with a diary their physiotherapist can see.",
      theme: "falls",
      licence: "MIT",
      technologies: ["Swift"],
      repository: "back-on-your-feet/physio-at-home",
      demo: "",
    },
  },
  {
    name: "Script Check",
    pitch: "Shorter queues at the hospital pharmacy.",
    theme: "discharge",
    submitted: false,
    members: [
      person("Deepa Nair", "pharmacist", NTH, ["Dispensary"], "Dispensary pharmacist."),
      person("George Wright", "developer", SELF, ["Python"], "Developer."),
      person("Lucy Brown", "student", UNI, ["Pharmacy"], "Pharmacy student."),
      person("Tom Fielding", "developer", SELF, ["JavaScript"], "Developer."),
      person("Rosie Clarke", "pharmacist", RCH, ["Community pharmacy"], "Community pharmacist."),
    ],
    entry: {
      title: "Pharmacy Queue",
      summary: "Tells the ward when discharge medicines are ready.",
      description: "A draft the team meant to finish on the Sunday morning.",
      theme: "discharge",
      licence: "",
      technologies: ["Python"],
      repository: "",
      demo: "",
    },
  },
  {
    name: "Night Owls",
    pitch: "A safer handover at 8pm.",
    theme: "sepsis",
    submitted: false,
    members: [
      person("Kate Morrison", "nurse_or_midwife", NTH, ["Night shift coordination"], "Night nurse practitioner."),
      person("Ahmed Farah", "developer", SELF, ["Go"], "Developer."),
      person("Dr Ellie Shaw", "doctor", NTH, ["Surgery"], "Surgical trainee."),
      person("Jack Riley", "student", UNI, ["Medicine"], "Medical student."),
    ],
    entry: null,
  },
];

/** Registered for the hack day but never in a team; the first is the participant sign-in. */
export const WITHOUT_A_TEAM: Person[] = [
  person(
    "Grace Whitfield",
    "developer",
    SELF,
    ["Python", "FHIR", "Docker"],
    "Developer looking for a clinical problem to work on.",
  ),
  person("Dr Samuel Osei", "doctor", PCN, ["General practice"], "GP with an interest in digital health."),
  person("Bethany Cole", "designer", SELF, ["Service design"], "Designer."),
  person("Patrick Dunne", "allied_health_professional", PAS, ["Paramedic practice"], "Paramedic."),
  person("Olivia Bennett", "data_analyst", UNI, ["R", "Statistics"], "Data scientist."),
  person("Victoria Adams", "pharmacist", PCN, ["Primary care pharmacy"], "Practice pharmacist."),
];

export type JudgeKey = "okafor" | "blackwood" | "raman" | "murphy" | "hussain" | "fraser";

export interface DemoJudge {
  key: JudgeKey;
  name: string;
  expertise: "clinical" | "technical";
  organisation: string;
  /** Added to every criterion score (then kept within 1 to 5): the harsh judge's is negative. */
  bias: number;
  /** Small per-criterion habits, in the rubric's order, so no two judges score alike. */
  habits: [number, number, number, number, number];
}

// One harsh judge (Dr Okafor) and one lenient (Tom Blackwood): on raw means, entries that drew the
// lenient judge rise and those that drew the harsh one sink; normalising each judge's scores puts
// them back, so the two orders differ visibly. Judges' organisations are none of the teams'.
export const JUDGES: DemoJudge[] = [
  {
    key: "okafor",
    name: "Dr Margaret Okafor",
    expertise: "clinical",
    organisation: "Moorside Hospitals NHS Foundation Trust",
    bias: -1.5,
    habits: [0, 0, 0, 0, 0],
  },
  {
    key: "blackwood",
    name: "Tom Blackwood",
    expertise: "technical",
    organisation: "Brightpath Digital",
    bias: 1.5,
    habits: [0, 0, 0, 0, 0],
  },
  {
    key: "raman",
    name: "Priya Raman",
    expertise: "clinical",
    organisation: "Health Innovation North",
    bias: 0,
    habits: [0, 0, 0, 0, 1],
  },
  {
    key: "murphy",
    name: "Declan Murphy",
    expertise: "technical",
    organisation: "Open Health Co-op",
    bias: 0,
    habits: [0, 0, -1, 0, 0],
  },
  {
    key: "hussain",
    name: "Dr Fatima Hussain",
    expertise: "clinical",
    organisation: "Calder Valley Primary Care Network",
    bias: 0,
    habits: [0, 1, 0, 0, 0],
  },
  {
    key: "fraser",
    name: "Ewan Fraser",
    expertise: "technical",
    organisation: "Kestrel Health Analytics",
    bias: 0,
    habits: [1, 0, 0, 0, 0],
  },
];

/**
 * Each submitted entry (in TEAMS order): its panel of three judges and what a judge without habits
 * would give on each criterion of the NHS Hack Day rubric (clinical need, NHS feasibility,
 * technical execution, open standards, presentation). Every judge scores five entries. Frailty
 * Lens and Hydrate have one panel and the same scores, so they tie exactly; the organisers settle
 * the tie for third place.
 */
export const JUDGING: { panel: [JudgeKey, JudgeKey, JudgeKey]; quality: [number, number, number, number, number] }[] = [
  { panel: ["okafor", "raman", "murphy"], quality: [5, 4, 5, 4, 4] },
  { panel: ["blackwood", "raman", "hussain"], quality: [3, 3, 4, 3, 4] },
  { panel: ["okafor", "murphy", "fraser"], quality: [4, 4, 4, 4, 4] },
  { panel: ["blackwood", "hussain", "fraser"], quality: [3, 3, 3, 3, 3] },
  { panel: ["raman", "murphy", "hussain"], quality: [5, 4, 4, 4, 3] },
  { panel: ["raman", "murphy", "hussain"], quality: [5, 4, 4, 4, 3] },
  { panel: ["okafor", "blackwood", "fraser"], quality: [4, 3, 4, 4, 4] },
  { panel: ["okafor", "blackwood", "fraser"], quality: [3, 3, 3, 2, 3] },
  { panel: ["okafor", "raman", "fraser"], quality: [5, 5, 4, 4, 3] },
  { panel: ["blackwood", "murphy", "hussain"], quality: [2, 3, 3, 3, 2] },
];

/** The tied pair (indexes into TEAMS) and the organisers' reason for putting the first ahead. */
export const SETTLED_TIE = {
  ahead: 5,
  behind: 4,
  reason:
    "Hydrate and Frailty Lens tied exactly, on clinical need too. The organisers put Hydrate third: its care-home pilot partner is ready to start, so the prize's support can be used at once.",
};

/** The prize the panel gave by its own choice rather than the ranking's, with its reason. */
export const PATIENTS_PRIZE = {
  category: "Best for patients",
  team: 2,
  reason:
    "Clear Letters was designed with patients and carers from the first hour, and the patients on the panel were unanimous that it would change what going home feels like.",
};

/** A judge's feedback to a team, by how the sheet's average came out. */
export function feedbackFor(average: number, title: string): string {
  if (average >= 4.2)
    return `${title} answers a real clinical need and the demo worked end to end. Talk to your trust's clinical safety officer early: you are close to something a ward could pilot.`;
  if (average >= 3.5)
    return `A clear problem and a sensible prototype. ${title} needs evidence from the people who would use it every day; a short pilot would tell you a lot.`;
  if (average >= 2.5)
    return `${title} is a good start. The pitch would be stronger with the clinical problem stated first and a demo that shows one patient's journey.`;
  return `We liked the idea behind ${title}, but it is early. Spend time with the clinicians who would use it before building more.`;
}

export interface DemoSupportRequest {
  /** Index into TEAMS. */
  team: number;
  title: string;
  category: SupportCategory;
  priority: SupportPriority;
  description: string;
  /** Days after the announcement the team asked. */
  askedAfterDays: number;
  status: SupportStatus;
}

// One request in every status of the workflow, from the four winning teams.
export const SUPPORT_REQUESTS: DemoSupportRequest[] = [
  {
    team: 0,
    title: "Clinical safety case for a pilot on two wards",
    category: "clinical_safety",
    priority: "high",
    description:
      "Ward 12 and Ward 14 want to pilot StepSafe. We need help writing the DCB0129 clinical safety case and hazard log.",
    askedAfterDays: 3,
    status: "resolved",
  },
  {
    team: 0,
    title: "Hosting the pilot inside the trust's network",
    category: "hosting_deployment",
    priority: "normal",
    description: "Where can StepSafe run during the pilot, and who do we talk to about the trust's cloud tenancy?",
    askedAfterDays: 10,
    status: "in_progress",
  },
  {
    team: 8,
    title: "A FHIR test server with synthetic observations",
    category: "interoperability",
    priority: "normal",
    description:
      "We need a FHIR test environment with synthetic vital signs to test the pre-alert before the ED pilot.",
    askedAfterDays: 5,
    status: "waiting_on_team",
  },
  {
    team: 8,
    title: "Code review before the ED pilot",
    category: "code_review",
    priority: "low",
    description: "Could an experienced developer review the timer's code before it is used in the department?",
    askedAfterDays: 7,
    status: "closed",
  },
  {
    team: 5,
    title: "Data protection impact assessment for care homes",
    category: "information_governance",
    priority: "high",
    description:
      "Oakwood Care Home would like to try Hydrate. What information governance do we need, and is there a DPIA template we can start from?",
    askedAfterDays: 26,
    status: "triaged",
  },
  {
    team: 2,
    title: "User research sessions with patients",
    category: "user_research",
    priority: "normal",
    description: "We would like help planning three research sessions with patients who have recently been discharged.",
    askedAfterDays: 34,
    status: "open",
  },
];

export const MILESTONES: {
  team: number;
  kind: MilestoneKind;
  title: string;
  description: string;
  afterDays: number;
}[] = [
  {
    team: 0,
    kind: "clinical_safety",
    title: "Clinical safety case signed off",
    description: "The trust's clinical safety officer signed off the hazard log for the ward pilot.",
    afterDays: 24,
  },
  {
    team: 0,
    kind: "pilot_started",
    title: "Pilot started on Ward 12",
    description: "Nurses on Ward 12 started using StepSafe at the morning safety huddle.",
    afterDays: 31,
  },
  {
    team: 8,
    kind: "funding_secured",
    title: "£5,000 from the hospital charity",
    description: "Northgate Hospitals Charity is funding a three-month pilot in the emergency department.",
    afterDays: 20,
  },
];

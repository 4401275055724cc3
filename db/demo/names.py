"""Fixed word lists the demo practice draws its people and notes from (no external packages)."""

from __future__ import annotations

# Order matters: the seeded generator picks by index, so editing a list changes the demo data.
FIRST_NAMES: tuple[str, ...] = (
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas",
    "Mia", "Mateo", "Amelia", "Benjamin", "Harper", "Henry", "Evelyn", "Theodore", "Abigail",
    "Samuel", "Emily", "Daniel", "Ella", "Jack", "Scarlett", "Owen", "Grace", "Leo", "Chloe",
    "Wyatt", "Zoe", "Gabriel", "Nora", "Julian", "Lily", "Isaac", "Hannah", "Aaron", "Layla",
    "Omar", "Priya", "Arjun", "Mei", "Hiroshi", "Fatima", "Yusuf", "Ingrid", "Sven", "Aisha",
    "Kwame", "Lucia", "Diego", "Siobhan", "Niamh", "Rhys", "Freya", "Tomasz", "Zofia", "Ravi",
    "Ananya", "Chidi", "Adaeze", "Marco", "Giulia", "Pierre", "Amélie", "Jonah", "Talia",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Kowalski", "Nowak", "Okafor",
    "Adeyemi", "Patel", "Shah", "Chen", "Wang", "Kim", "Park", "Tanaka", "Sato", "O'Brien",
    "MacLeod", "Murphy", "Kelly", "Fitzgerald", "Schmidt", "Müller", "Rossi", "Bianchi",
    "Dubois", "Jensen", "Larsen", "Haddad", "Khan", "Ali", "Evans", "Hughes", "Price",
)  # fmt: skip

# Notes a front desk might leave on an appointment.
APPOINTMENT_NOTES: tuple[str, ...] = (
    "Prefers morning appointments.",
    "Anxious patient: allow extra time.",
    "Premedicate per cardiologist.",
    "Bring updated insurance card.",
    "Needs interpreter (Spanish).",
    "Wheelchair access required.",
    "Parent to accompany.",
    "Call 30 minutes before if running late.",
    "Allergic to latex.",
    "Request same hygienist as last visit.",
    "Pre-authorization pending.",
    "Sensitive to cold on upper left.",
)

# Street names for the other tenant's made-up address and any future demo addresses.
STREETS: tuple[str, ...] = (
    "Riverside Drive",
    "Mill Street",
    "Hudson Street",
    "Canal Walk",
    "Orchard Lane",
    "Harbor Road",
)

# Reserved for documentation (RFC 2606), so demo emails can never reach anyone.
EMAIL_DOMAIN = "example.com"

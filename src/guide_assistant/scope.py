"""Stage 5, scope: whether the loaded guide pages can answer a question, and if not, why not.

A plain similarity cut-off cannot decide this here (the weakest best match of an in-scope
question, 0.30, is below the strongest of an off-topic one, 0.34). Two signals together can: how
close the question comes to one sentence of the guide, and how many of its content words the
guide uses at all (after mapping leaders' words to the guide's). Questions about parts of the
guide whose pages are not loaded (a principle, systems convening), and text addressed to the
assistant's own instructions, are declined by name.

Some questions are not the guide's job even when a word of theirs is the guide's: clinical
questions (treatment, dosage, diagnosis), requests for figures or news, requests to write or
translate something, questions about a named method, model or body the guide does not describe,
and a change in the asker's own organisation or household outside health and care (a school, a
company, their children). These are recognised by their form — general patterns of asking, never
a list of questions — and declined with their own reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .contract import DeclineReason
from .guide_map import AUDIENCE
from .index import Index
from .retrieval import Hit
from .text import content_stems, content_words, sentences
from .understanding import (GUIDE_NAME, Question, asks_about_the_whole_guide,
                            asks_only_for_the_gist, CARE_SETTING, asks_whom_it_is_for,
                            asks_whom_the_guide_is_for, own_words, points_back)

STRONG_MATCH = 0.55     # a sentence this close answers the question whatever its words
COVERAGE_WEIGHT = 0.25  # how much the guide's use of the question's words counts next to the
                        # best sentence similarity, against the bar (Settings.in_scope_bar,
                        # chosen by cross-validation)

# A question about the assistant itself, and nothing else ("Where do your answers come from?",
# "What can you do?", "Are you ChatGPT?"): the guide does not say, but the decline does. Matched
# only as the whole question, so "How do you work with clinicians who resist?" is not one.
_ABOUT_ASSISTANT = re.compile(
    r"^\W*(hi|hello)?\W*("
    r"where (do|does) (you|your (answers?|information|info|content)) (come from|get (\w+ ){0,2}"
    r"from)"
    r"|what (sources?|information|data|content) (do|did) you (use|draw on|rely on|have)"
    r"|(what|which) (sources?|information|data|content) (are|is) (you|your answers?)"
    r" (based on|using)"
    r"|how (do|does) (you|this (tool|assistant|chatbot|bot|app)) work"
    r"|what (else )?can (you|i) (do|ask( you)?|help( me)? with|use you for)"
    r"|what (are|is) (you|this (tool|assistant|chatbot|bot|app))( for)?"
    r"|who (are you|(made|built|created|wrote|runs) (you|this))"
    r"|are you (a |an )?(chat ?gpt|gpt|ai|bot|robot|human|person|real|llm|language model)"
    r"|(can|should) (i|we) trust (you|your answers?|this)"
    r"|how (accurate|reliable|trustworthy) (are|is) (you|your answers?|this)"
    r"|do you (make things up|hallucinate|guess)|help( me)?( please)?"
    # its own taste or opinion ("What's your favourite principle?")
    r"|(what|which)('s|’s| is| are) your (favourite|favorite|own|personal|preferred)( \w+){1,2}"
    r"|(what|which)('s|’s| is| are) your (honest |own |personal )?opinions?"
    r"( (of|on|about)( \w+){1,3})?"
    r"|what do you (personally )?(think|like|prefer|believe))\W*$", re.I)
_ADDRESSES_ASSISTANT = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompts?|above|previous|everything)\b"
    r"|\bsystem prompt\b|\byou are now\b|\bjailbreak"
    # A part to play ("Pretend you're a management consultant…", "Act as my coach…"); "How do
    # leaders act as convenors?" asks about leaders, so "act as" counts only as the opening.
    r"|\bpretend (to be|(that )?you('re|’re| are|re)\b)|\brole-?play\b"
    r"|^\W*(please\s+)?((i want|i'd like|i would like) you to\s+|(can|could|would) you\s+)?"
    r"(act|behave) (as|like) (a|an|my|if)\b"
    r"|\b(reveal|print|show|repeat)\b.{0,30}\b(instructions|prompt)\b"
    r"|\b(tell me|share|list|output|give me|what are)\b.{0,20}\byour (instructions|prompt|rules)\b"
    # "### New instructions: …", "New rules: …", "From now on, answer…", "…using your general
    # knowledge", and "developer mode" set the assistant new rules too ("New rules say every
    # trust must…" tells of the asker's world).
    r"|^\W*(new|updated|revised|additional) (instructions?|prompt\b|rules\s*:)"
    r"|\bfrom now on\b.{0,20}\b(you|answer|respond|reply)\b|\bdeveloper mode\b"
    r"|^\W*(please\s+)?(only\s+)?(answer|respond|reply|speak|talk)\b.{0,30}\bfrom now on\b"
    r"|\b(use|using|from|with|on) your (own |general |wider |background )?(knowledge|training"
    r"|training data)\b"
    # "Forget the guide and…" opens by setting the guide aside ("Can we ignore the guide's advice
    # if…?" asks about it).
    r"|^\W*(please\W+)?(ignore|disregard|forget( about)?|never mind|set aside) (the|this|your) "
    r"(guide|guidance|pages|documents?|context|sources?)\b",
    re.I | re.S,
)


# "Diagnose"/"diagnosis" and "prescribe"/"prescription" ask for a clinical decision;
# "diagnostics" and "prescribing" name services a leader may be spreading (a community
# diagnostics hub, social prescribing, e-prescribing), so they are not matched.
_CLINICAL = re.compile(
    r"\b(doses?|dosages?|dosing|mg|milligrams?|prescribe[sd]?|((prescriptions?|antibiotics?"
    r"|medications?|medicines?|drugs?|symptoms?"
    # A class of medicine ("Which statin should I start…?", "Are opioids safe after surgery?");
    # followed by a service noun or by prescribing it names what a leader may spread ("an
    # anticoagulant clinic", "statin prescribing across our practices").
    r"|antidepressants?|statins?|opioids?|opiates?|painkillers?|analgesics?|antipsychotics?"
    r"|anticoagulants?|antihistamines?|antivirals?|steroids?)"
    r"(?!\s+(stewardship|reviews?|optimi[sz]ation|prescribing"
    r"|reconciliation|safety|checkers?|trackers?|programmes?|services?|pathways?|schemes?|hubs?"
    r"|clinics?|teams?|projects?|initiatives?|tools?|apps?|systems?)\b))"
    r"|warning signs|side[- ]effects?|contraindicat\w*|diagnos(e|es|ed|ing|is))\b"
    r"|\bhow (do|should|can|would) (i|you|we) treat\b|\btreatment (of|for)\b"
    # Caring for one patient ("how should I manage a patient with sepsis?"), not a service for
    # many ("a pathway for patients with heart failure").
    r"|\b(manag(e|ing)|treat(ing)?|assess(ing)?|examin(e|ing)) (a|an|the|this|my) (patient|child"
    r"|adult|person|baby|woman|man|resident) (with|who)\b"
    r"|\bfirst[- ]line (drug|treatment|therapy|medication)"
    # An infection or disease spreading ("How do I stop the spread of norovirus on a ward?",
    # "How fast does cancer spread?") is infection control or prognosis, not an innovation.
    r"|\b(stop|stopping|prevent|preventing|control|controlling|contain|containing|reduce"
    r"|reducing|limit|limiting|slow|slowing) the spread of (the )?(?=(infections?|viruses|virus"
    r"|diseases?|germs|bacteria|cancers?|norovirus|covid|flu|influenza|measles|mrsa|c\.? ?diff)\b)"
    r"|\b(infections?|viruses|virus|diseases?|cancers?|tumou?rs?|sepsis|norovirus|covid|flu"
    r"|influenza|measles|mrsa|c\.? ?diff) (\w+ ){0,2}spread(s|ing)?\b"
    # Health advice for the asker ("What's the best way to lose weight?"); a service that helps
    # patients lose weight is not asking it.
    r"|\b(how (do|can|should) i|(best|quickest|easiest|fastest) way to|help me) (lose weight"
    r"|quit smoking|stop smoking|give up smoking|sleep better|get fit"
    r"|lower my (blood pressure|cholesterol|blood sugar|weight|bmi))\b"
    # The value of a clinical measure ("What blood pressure counts as septic shock?", "what
    # lactate level should trigger escalation?"); a service that measures one is not asking.
    r"|\bwhat (\w+\s+){0,2}(blood pressure|lactate|heart rate|pulse|oxygen|saturations?|sats"
    r"|glucose|blood sugar|temperature|haemoglobin|potassium|sodium|creatinine|egfr|inr|bmi"
    r"|news2? score)\b",
    re.I)
_WHEN = (r"(right now|currently|current|latest|at the moment|today'?s?|so far|to date"
         r"|(this|last|next) (year|month|week|quarter|winter|spring|summer|autumn)"
         r"|(in|for|by|during) (19|20)\d\d)")
_DATA = re.compile(
    r"\bwhat (percentage|proportion|share|number) of\b|\bstatistics\b|\bheadlines\b|\bnews\b"
    r"|\bhow many\b.{0,60}\b(are there|do we have|does the nhs|in (england|the uk|wales|scotland))\b"
    # The evidence base for a treatment or service ("What's the evidence base for virtual
    # wards?") is research the guide does not hold; what evidence adopters need is its subject.
    r"|\b(what'?s|what is) (the )?(evidence[- ]base|research|published evidence|trial evidence)\b"
    r"|\bis there (an? |any )?(evidence[- ]base|published evidence|trial evidence)\b"
    # …as is whether one works ("What is the evidence that virtual wards reduce admissions?");
    # what evidence that it works adopters will want is not asking for it.
    r"|\b(what'?s|what is|is there|are there|where is|show me) (the |any |some )?(evidence"
    r"|proof|research|data|studies) (that|whether|showing|to show)\b"
    # A count of patients or of care given ("how many patients were seen in A&E?"); the guide
    # counts only its own parts ("how many principles does it have?").
    r"|\bhow many (patients|beds|admissions|appointments|attendances|referrals|deaths"
    r"|operations|procedures|visits|calls)\b"
    # …or of staff in post ("How many nurses work in the NHS?"), or of projects that failed or
    # spread ("How many digital projects fail?"); how many should take part is not one.
    r"|\bhow many (\w+ ){0,2}(nurses|doctors|gps|consultants|staff|employees|people|midwives"
    r"|paramedics|pharmacists|therapists|workers) (work|are (employed|working)|are there)\b"
    # …or of people using something ("How many people use the NHS App?")
    r"|\bhow many (\w+ ){0,2}(people|patients|users|members of the public|citizens|clinicians"
    r"|staff) (use|used|are using|have (used|downloaded|registered)|downloaded|registered)\b"
    r"|\bhow many (\w+ ){0,2}(projects|pilots|innovations|programmes|initiatives|apps|services)"
    r" (fail(ed)?|succeed(ed)?|spread|scale|(are|were|get) (adopted|abandoned|scaled))\b"
    # Who holds an office now is news ("Who is the Secretary of State for Health?").
    r"|\bwho('?s| is| are) (the )?(current |new )?(secretary of state|health secretary|ministers?"
    r"|prime minister|chief executive|ceo|chair(man|woman|person)?|president)\b"
    # A count of organisations that did something ("how many trusts have adopted it?", "how many
    # hospitals use it?"), or a ranking of them ("which ICB has the highest rate of adoption?"):
    # facts the guide has none of. How many should ("how many sites should use it before it has
    # spread?", "how many trusts have to agree?") is not a count of what happened.
    r"|\bhow many (trusts|icbs|icss|hospitals|organi[sz]ations|practices|pcns|systems|regions"
    r"|sites|areas|places|councils)\b(((?!\b(should|must|needs?|would|could|before|until)\b).)"
    r"{0,40}\b(have|has|had|did)\b(?! to\b)"
    r"|(\s+(already|now|currently|actually|(in|across) (england|the uk|the country)))?"
    r"\s+(are\s+)?(us(e|es|ed|ing)|offer(s|ed|ing)?|run(s|ning)?|ran)\b)"
    # Which organisation does most or least of something ("Which ICB spends the most on
    # digital?") is a ranking of them too.
    r"|\bwhich (\w+ ){0,2}(trusts?|icbs?|icss?|hospitals?|regions?|organi[sz]ations?|practices?"
    r"|pcns?|systems?|areas?|councils?|countries|nations?)\b.{0,30}\b(spends?|spent|has|have|had"
    r"|gets?|got|receives?|received|performs?|performed|uses?|used|scores?|scored|ranks?|ranked"
    # "Which trust adopted the most digital tools last year?"
    r"|adopts?|adopted|introduced|implemented|rolled out|took up|takes? up)"
    r"\b.{0,20}\bthe (most|least|highest|lowest|biggest|largest|smallest|fastest|slowest)\b"
    r"|\b(highest|lowest|fastest|slowest)\s+(\w+\s+)?(rates?|scores?|figures|numbers|performance"
    r"|uptake|take-up)\b|\b(best|worst|top|bottom|highest|lowest)[- ](performing|performers?"
    r"|ranked|ranking)\b|\bleague tables?\b"
    r"|\bhow much (did|does|do|will|has|is)\b.{0,60}\b(spend|spent|cost|budget|funding)\b"
    # An average or benchmark is a figure ("What's the NHS average for that?", "What is the
    # average length of stay?").
    r"|\bwhat('?s| is| are| was) (the |an? )?(\w+ ){0,2}(averages?|medians?|benchmarks?)\b"
    r"|\b(national|nhs|england|regional|uk|sector) (averages?|medians?|benchmarks?)\b"
    # An organisation's rating is a published figure ("What was our trust's CQC rating last
    # year?", "What's the hospital's star rating?").
    r"|\bwhat('?s| is| are| was| were)\b.{0,40}(\b(cqc|ofsted|star|overall|inspection)|['’]s)"
    r"\s+ratings?\b"
    # …as is how it scored or did in a survey, inspection or audit ("How did our trust score in
    # the staff survey?"), asked of what happened: "How can our trusts perform better against
    # targets?" asks how.
    r"|\b(did|does|do|has|have) (our|the|my|your|their|this) (\w+ )?(trusts?|icbs?|icss?"
    r"|hospitals?|practices?|pcns?|organi[sz]ations?|systems?|regions?|wards?|units?|services?)"
    r"['’]?s? (score|scored|do|did|perform|performed|rank|ranked|fare|fared)\b.{0,40}"
    r"\b(surveys?|inspections?|audits?|league tables?|targets?|benchmarks?)\b"
    # What a budget or spend is, for any time ("What's the NHS England budget for innovation?")
    r"|\bwhat(['’]s| is| was| are| were) (the |our |their |its )?([\w'’-]+ ){0,3}"
    r"(budgets?|spend"
    r"|deficits?|surplus(es)?|overspend|underspend|allocations?)"
    r"(?=\s*([?.!]|$)|\s+(for|of|in|on|at|across|this|last|next) \w)"
    rf"|\b(how many|how much|rate|ratings?|tariffs?|figures|numbers|performance|budget|spend"
    rf"|deficits?|surplus(es)?|overspend|underspend"
    rf"|waiting (lists?|times?)|uptake|take-up|usage)\b.{{0,60}}\b{_WHEN}\b"
    rf"|\b{_WHEN}\b.{{0,60}}\b(rate|ratings?|figures|numbers|performance|budget|spend"
    rf"|deficits?|surplus(es)?|overspend|underspend"
    rf"|waiting (lists?|times?)|statistics|uptake|take-up|usage)\b"
    # What a survey, report, review, study or audit found is research the guide does not hold
    # ("What did the 2024 NHS staff survey find?", "What does our ICB's finance report say about
    # it?"); what evidence to gather is the guide's subject.
    r"|\bwhat (did|does|do|has|have) (\w+['’]?s? ){0,4}(surveys?|reports?|reviews?|stud(y|ies)"
    r"|audits?|inquir(y|ies)|evaluations?|census|research) (find|found|show|shown|say|said"
    r"|conclude|concluded|report|reported|recommend|recommended)\b"
    # How far something has been taken up is a figure ("What's the uptake of the NHS App in
    # Yorkshire?"); how to improve uptake is the guide's subject.
    r"|\bwhat('?s| is| was| are| were) (the )?(\w+ )?(uptake|take-up|usage|adoption rate|coverage)"
    r" (of|for|in|across)\b"
    # The latest policy or announcement is news ("What is the latest NHS England policy on AI?").
    r"|\b(latest|most recent)\b.{0,40}\b(polic(y|ies)|announcements?|targets?|updates?)\b"
    # …as is what the current ones are ("What are NHS England's current innovation targets?");
    # "Our current policy is to pilot first" tells, and does not ask.
    r"|\bwhat('?s| is| are)\b((?!guid).){0,40}\bcurrent\b.{0,40}\b(polic(y|ies)|targets?"
    r"|priorities|funding|budgets?)\b"
    # …and so is what someone announced ("What did the minister announce about…?"); a leader
    # telling of an announcement ("The ICB announced we must adopt it. How…?") is not asking it.
    r"|\bwhat (did|has|have|was|were)\b((?!guid).){0,50}\bannounc\w*"
    # …and so is when something opens or closes ("What's the deadline for the next programme's
    # applications?", "When do bids close?"); whether to set a deadline is not asking one.
    r"|\b(what'?s|what is|what are|when'?s|when is|when are) the (next |closing |application "
    r"|submission )?(deadlines?|closing dates?|cut-?off( dates?)?)\b"
    r"|\b(applications?|bids?|submissions?|registrations?|expressions? of interest)"
    r" (open|close|are due)\b"
    r"|\bwhen (do|does|will|can)\b.{0,40}\b(applications?|bids?|submissions?|registrations?"
    r"|the next (round|cohort|wave|call))\b",
    re.I)
# Help with office software or IT ("How do I set up a Teams meeting?", "How do I reset my NHSmail
# password?") is a helpdesk's question, whatever words it shares with the guide. Getting people to
# use a system ("How do we get staff to use Teams?") is adoption: only the verbs of operating one
# are matched.
_IT_HELP = re.compile(
    r"\bhow (do|can|should) (i|we|you)\s+(\w+\s+)?(set ?up|install|configure|reset|unlock"
    r"|log ?(in|on|into)|sign (in|on|into)|schedule|record|export|print|download|upload|connect"
    r"|share (my|the|a) screen|recover|change (my|our|the) password)\b"
    r"(?=.{0,60}\b((microsoft |ms )?teams (meetings?|calls?|channels?|chats?)|microsoft teams"
    r"|ms teams|zoom|outlook|excel|powerpoint|sharepoint|onedrive|nhs ?mail|e-?mail|passwords?"
    r"|accounts?|laptops?|computers?|pcs?|printers?|vpn|wi-?fi|smart ?cards?|esr"
    r"|spreadsheets?|out of office|auto-?repl(y|ies)|(email )?signatures?|calendars?|voicemail)\b)"
    # …and so is learning a piece of software or to program ("What's the best way to learn
    # Excel?"), which the guide's learning (an organisation's, from its changes) is not.
    r"|\b(learn(ing)?|get(ting)? better at|master(ing)?)\s+((how )?to use\s+)?((microsoft|ms)\s+)?"
    r"(excel|powerpoint|outlook|sharepoint|onedrive|teams|zoom|tableau|power ?bi|python|sql"
    r"|javascript|java|spreadsheets?|coding|programming|to (code|program))\b", re.I)
# The time or date ("What time is it?") is not in the guide, though "time" is ("If you have
# limited time…").
_CLOCK = re.compile(r"^\W*(what('?s| is) (the )?(time|date|day)( today| now| it)?"
                    r"|what (time|day|date) is it( today| now)?)\W*$", re.I)
# Nor are an organisation's contact details ("What's NHS England's address?"), though the guide
# uses "address" as a verb ("significantly address a local… priority"); the guide's own web
# address is asked of the guide.
_CONTACT = re.compile(
    r"\b(what('?s| is| are)|where('?s| is| are)|give me|tell me|find)\b.{0,40}("
    r"\b(postal|email|e-mail|web|office|street|head office) address(es)?\b|\baddress (of|for)\b"
    r"|['’]s? address\b|\b(phone|telephone|contact) (number|details|email)s?\b|\bpostcode\b"
    r"|\bopening (hours|times)\b)", re.I)
_TASK = re.compile(
    # A word of conversation may come first ("Now write it as a press release").
    r"^\W*((now|ok(ay)?|great|thanks|so|and|then|right)\W+)?(please\s+)?"
    r"(can you\s+|could you\s+)?(help (me|us)\s+(to\s+)?)?"
    r"(write|draft|create|compose|generate|produce|draw|sketch|illustrate"
    r"|design|prepare|summari[sz]e|translate|recommend|(make|build) (me|us) (a|an|some|the)"
    r"|put together|re-?write|re-?draft|reword|proof-?read|edit"
    # Filling in or completing the asker's form ("Can you fill in this funding application for
    # me?"); "fill in the gaps on pull" asks to be told.
    r"|(fill (in|out)|complete) ([\w'’-]+ ){0,3}(forms?|applications?|templates?|questionnaires?"
    r"|bids?|returns?|submissions?)"
    # "give me a template…" asks for something written; "give me an example" or "a quote I can
    # use with my board" for what the guide holds, in its own words.
    r"|give me (a|an|some) (?!([\w'’-]+ ){0,2}(examples?"
    r"|instances?|overview|sense|idea|flavour|taste|definition|explanation|quotes?|quotations?"
    r"|excerpts?|passages?|lines?|sentences?|answers?|versions?)\b))\b",
    re.I)
# A poem, song, joke or story is never the guide's own words, whatever it is to be about ("Write a
# poem about the benefit principle", "Tell me a story about a nurse who…", "Put it in a song"),
# unlike a summary of a principle for a board; "give me success stories" asks for the guide's
# examples.
_CREATIVE = re.compile(
    r"\b(write|compose|draft|create|generate|make up|give me|can i have|tell (me|us)"
    # …or something recast as one ("Rewrite the benefit principle as a rap.")
    r"|re-?write|reword|recast|rework|redo|turn|put|convert|render|express)\b.{0,30}"
    r"\b(poems?|poetry"
    r"|songs?|lyrics|limericks?|haikus?|raps?|sonnets?|jokes?|short stor(y|ies)|fairy tales?"
    r"|rhymes?|riddles?)\b"
    # A story asked of the assistant ("Tell me a story about…"); "How can we tell a story about
    # the change?" asks how to tell one, and "Tell me about the port stories" what a page holds.
    r"|^\W*(please\s+)?((can|could|would) you\s+)?(write|tell|make up|invent|compose)\s+"
    r"((me|us)\s+)?(a|an|some)\b.{0,20}"
    r"(?<!success )\bstor(y|ies)\b", re.I)
# Which supplier or consultancy to hire or buy from is a recommendation of the assistant's own
# ("Which consultancy should we hire to help with spread?"); the guide names none.
_SUPPLIER = re.compile(
    r"\b(which|what) (\w+ ){0,2}(consultanc(y|ies)|consultants|suppliers?|vendors?|compan(y|ies)"
    r"|firms?|products?|software|epr|brand)\b.{0,30}\b(should|shall|would you|do you|could) "
    r"((we|i) )?(hire|buy|choose|pick|procure|commission|recommend|go (with|for)|use)\b"
    # …and so is ranking them ("Rank the best digital health suppliers.")
    r"|^\W*(please\s+)?(rank|rate|compare|list|name)\b.{0,40}\b(consultanc(y|ies)|consultants"
    r"|suppliers|vendors|companies|firms|products|apps|brands)\b", re.I)
# A translation into another language is not the guide's own words, whatever is to be translated
# ("Translate the benefit principle into Polish"); "translate the principles into practice" is not
# one.
_TRANSLATION = re.compile(
    r"\btranslat\w*\b.{0,60}\b(into|to)\s+(another language|other languages|english|welsh|polish"
    r"|urdu|punjabi|bengali|arabic|romanian|portuguese|spanish|french|german|italian|chinese"
    r"|mandarin|cantonese|gujarati|hindi|somali|turkish|russian|ukrainian|lithuanian|tamil|farsi"
    r"|pashto|kurdish|tigrinya)\b", re.I)
# A leader describing a change in health or care ("we're rolling out a virtual ward that worked in
# another trust", "the ICB has asked me to spread a hospital-at-home service") is asking what the
# guide is about, whatever the change is called. Two things mark one: a health or care setting
# (an organisation, a service, its staff or patients) and a change (a verb of bringing one in, or
# something new, a pilot, model, pathway, tool…). A change anywhere else (a football club's
# training programme, a new puppy) is not the guide's subject, whatever it shares in form.
# The setting is understanding.CARE_SETTING; both are words of the guide's domain, not of any
# question: a page added needs no edit here.
# "New" marks a change unless what is new is a person ("a new patient", "new staff").
_CHANGE = re.compile(
    r"\b(roll(s|ing|ed)? (it |them )?out|rollout|introduc\w*|spread(s|ing)?|adopt\w*|implement\w*"
    # "Scale" as a verb ("scale a chatbot from one practice to the ICS", "before we scale our
    # service"), not a measure ("a pain scale", "on a scale of one to ten").
    r"|scal(e|es|ed|ing) (up|out|across|it|this|that|them|our|their|its|the|a|an)\b"
    r"|bring(s|ing)? in|brought in|launch\w*|pilot\w*"
    r"|deploy\w*|tak(e|es|ing) (it |them )?up|took up|trial\w*|bought|procur\w*"
    r"|commission(ed|ing)|redesign\w*"
    r"|new(?!\s+(patients?|residents?|bab(y|ies)|born|mothers?|starters?|staff|colleagues?)\b)"
    r"|innovations?|programmes?|projects?|pathways?|schemes?|initiatives?|models?|tools?|apps?"
    r"|platforms?|technolog(y|ies)|hubs?|ideas?"
    # A change not taking hold is one too ("the GPs don't use them", "aren't referring to it",
    # "it fizzled out"): adoption is the guide's subject.
    r"|(don'?t|doesn'?t|won'?t|aren'?t|isn'?t|not|never|stopped) (us(e|ing)|refer(ring)?"
    r"|engag(e|ing)|tak(e|ing) (it|them) up|touch|go near|buy into|get behind|sign up)"
    r"|refus(e|es|ed|ing) to|resist\w*|work(s|ing)? around|fizzl\w*"
    # …as is one only a few have taken up ("…a service that only two PCNs use")
    r"|only (a (few|handful|minority)|one|two|three|four|five|six|some|half|\d+%?) (of )?"
    r"([\w'’-]+ ){0,3}(use|uses|using|used|adopted|have adopted|signed up|refer)\b"
    r"|(nobody|no one|no-one|hardly anyone|few people) (came|comes|come|turned up|turns up"
    r"|used|uses|use|signed up|referred|took (it|them) up)\b"
    # (Struggling to get uptake, take-up or buy-in is matched by those words alone.)
    r"|(struggl\w*|fail\w*|can'?t|cannot|unable|hard|difficult) to (get|attract|win|gain"
    r"|generate) (any |enough |more )?(referrals|engagement|traction)"
    r"|dropp(ed|ing) off|uptake|take-up"
    # …and winning people to it is adoption ("how to get buy-in from GPs").
    r"|buy[- ]in"
    # …and so is taking one from the place it worked to more ("it worked in one PCN. How do we take
    # it borough-wide?").
    r"|(borough|region|county|system|trust|ics|icb|nation|country|city|district|network|pcn"
    r"|place|organisation|practice)[- ]?wide|work(ed|s) (well |brilliantly )?(in|at|for)"
    r" (one|a single|the first)|stall(s|ed|ing)?)\b", re.I)


# The asker's own organisation or household outside health and care ("our football club", "my
# company", "we're a bakery", "my teenage kids"): with no care setting named, their change is not
# the guide's subject, however close its words come ("How do we get customers to use it?"). A
# supplier to the NHS names its customer ("my company sells an app to trusts"), a council's care
# teams name their care, and "our children's services" or "family hubs" are services.
# Adoption in the family sense ("What's the process for adopting a child in the UK?", "adopting a
# rescue dog"), whatever else the question says: the guide's adoption is of innovations.
_ADOPTING_A_CHILD = re.compile(
    r"\badopt(ing|ion|ed|s)?( of)? (a |an |the |our |my )?(\w+ )?(child|children|baby|babies|kids?"
    r"|toddlers?|son|daughter|siblings|pets?|dogs?|cats?|pupp(y|ies)|kittens?)"
    # …the child itself, not a service named for children ("the new child health app")
    r"(?![\w-]|['’]s\b|\s+(health|services?|care|apps?|hubs?|teams?|units?|wards?|protection"
    r"|development|centres?|clinics?|programmes?|pathways?)\b)", re.I)
_ELSEWHERE = re.compile(
    r"\b(our|my|we'?re an?|we are an?|i (run|own|manage) an?)\s+([\w'’-]+\s+){0,2}"
    r"(schools?|colleges?|universit(y|ies)|church(es)?|mosques?|temples?|synagogues?|clubs?"
    r"|compan(y|ies)|firms?|business(es)?|shops?|stores?|restaurants?|bakery|bakeries|hotels?"
    r"|factor(y|ies)|warehouses?|councils?|choirs?|orchestras?|gyms?"
    r"|(kids|child|children|sons?|daughters?|teenagers?|husband|wife|family|household"
    r"|flatmates?|housemates?|neighbours?|dogs?|cats?|pupp(y|ies)|kittens?)"
    r"(?!['’]s\b|\s+(hubs?|services?|centres?|teams?)\b))\b", re.I)


# Asking what the law or a regulation allows or requires ("Is it legal to share patient data with
# a supplier?", "What are the procurement rules for…?"): legal advice is not the guide's. Read in
# what is asked (the last sentence), unless the guide is asked ("What does the guide say about
# regulatory requirements…?"); a leader naming the people who give such advice ("the legal team
# is nervous. How do we bring them with us?") is telling of their change.
_LEGAL = re.compile(
    r"\b(is|are|would) (it|this|that|we|they) (be )?(legal|lawful|illegal|unlawful|allowed by law)\b"
    r"|\bwhat (does|do) (the law|gdpr|data protection law|the regulations?) (say|require|allow)"
    r"|\b(legal|procurement|gdpr|data protection|regulatory|statutory) (rules|requirements"
    r"|obligations|regulations)\b|\blegal advice\b"
    # …in either order ("What are the rules on GDPR for patient apps?")
    r"|\b(rules|requirements|obligations|regulations|law) (on|for|around|under|about) (the )?"
    r"(gdpr|data protection|procurement)\b"
    # …or what an Act says ("What does the Health and Care Act 2022 say about ICBs?")
    r"|\bwhat (does|do|did) the ([\w&'’-]+\s+){1,6}(act|bill)( (19|20)\d\d)? (say|require|allow"
    r"|mean)\b", re.I)


def describes_a_care_change(text: str) -> bool:
    """Whether a question describes a change in a health or care setting (see CARE_SETTING)."""
    return bool(CARE_SETTING.search(text) and _CHANGE.search(text))


_ABOUT_THE_GUIDE = re.compile(r"\b(guide|guidance|principles?|these (web)?pages)\b", re.I)
# Something made for the asker ("Make me a poster about the benefit principle", "Write that up as
# a board paper" after asking about it) is not the guide's words even when it is about them,
# unlike their gist, a quote or the guide's own questions as a checklist.
_MADE_THING = re.compile(
    r"\b(posters?|leaflets?|flyers?|infographics?|slides?|(slide )?decks?|presentations?|emails?"
    r"|letters?|press releases?|(board |briefing )?papers?|blogs?( posts?)?|newsletters?|tweets?"
    r"|(social media |linkedin )?posts?|videos?|scripts?|speech(es)?|agendas?|business cases?"
    r"|job descriptions?|templates?|plans?|(gantt |flow )?charts?|registers?|logs?|rotas?"
    r"|spreadsheets?|diagrams?|mind ?maps?|logos?|pictures?|images?|drawings?|illustrations?)\b",
    re.I)
# "Make a Gantt chart…", "Turn the benefit principle into a slide deck": making or turning into
# counts as a request only with something made named (`_MADE_THING`): "Make a change last" asks
# how.
_MAKE = re.compile(r"^\W*(please\s+)?((can|could|would) you\s+)?(make|build|turn|convert)\b"
                   r"(?=.*\b(a|an|some|into)\b)", re.I)


# The guide named as the source of advice, not as the subject ("What does the guide say about
# evidence?", "…What does the guide suggest?", "Is that how the guide says spread works best?").
_GUIDE_AS_SOURCE = re.compile(
    rf"\b{GUIDE_NAME} (say|says|said|suggests?|recommends?|advises?|proposes?"
    # "What risks does the guide point to?", "…What does the guide warn about?"
    r"|points? (to|at|out)|highlights?|identif(y|ies)|warns?|flags?|mentions?|stress(es)?"
    r"|emphasi[sz]es?|tells? (us|me|leaders)"
    # "…does the guide cover that?", "What does the guide want leaders to stop doing?"; what it
    # covers as a whole is asked of the guide (asks_about_the_whole_guide, below).
    r"|covers?|wants?|expects?)\b"
    rf"|\baccording to {GUIDE_NAME}\b"
    # "What's the guide's view on mandating adoption?", "…Where is the guide's advice on that?"
    rf"|\b{GUIDE_NAME}(['’]s)? (views?|take|position|stance"
    r"|advice|line|thinking|verdict|opinion)\b"
    # "What advice does the guide give on reframing?"; "What advice does the guide offer?" asks
    # what it offers as a whole.
    r"|\b(advice|guidance|recommendations?|suggestions?|tips?|help)"
    rf" (does|do|would|can) {GUIDE_NAME} (give|offer|provide|have|make) (on|about|regarding)\b",
    re.I)


# What the guide says about reading it: where to start, how to use it, its pages or glossary, whom
# it is for ("What does the guide say about where to start?" asks about the guide).
_READING_THE_GUIDE = re.compile(
    r"\b(start|begin|read|reading|use (it|this)|how to use|glossary|pages?|aimed|audience"
    r"|who (it'?s|it is|is it|this is) for)\b", re.I)


def asks_past_the_guide(text: str) -> bool:
    """Whether a question asks about something other than the guide itself (see
    extractive.says_something): a leader's own change in health or care ("Our PCN is launching a
    new service. Where should we begin?" asks where to begin the change), something in a care
    setting ("How do we create one in a care home?" after "What is a pull?"), or a subject the
    guide is named only as the source on ("What does the guide say about evidence?"). Not when it
    names the guide otherwise ("How should I read the guide?", "Which principles apply?") or asks
    whether the guide applies to the asker ("…Does this apply to us?"), or what it says as a
    whole ("What does the guide say?")."""
    subject = _GUIDE_AS_SOURCE.sub(" ", text)
    if (_ABOUT_THE_GUIDE.search(subject) or asks_whom_it_is_for(text)
            or asks_about_the_whole_guide(text)):
        return False
    return describes_a_care_change(text) \
        or bool(CARE_SETTING.search(text) and not _READING_THE_GUIDE.search(text)) \
        or bool(_GUIDE_AS_SOURCE.search(text) and not _READING_THE_GUIDE.search(subject))


_METHOD = r"(models?|frameworks?|cycles?|methods?|methodology|approach|theory|matrix|mapping|curve|technique)"
# A name (a capitalised word or an acronym, not the first word) just before a method noun, in
# either case ("the NASSS framework", "the NASSS Framework").
_NAMED_METHOD = re.compile(rf"(?<!^)(?<![.?!]\s)\b([A-Z][\w'’-]*|[A-Z0-9-]{{2,}})((\s+[\w'’-]+){{0,3}})\s+(?i:{_METHOD})\b")
# A method noun given capitals as a title, not at a sentence's start ("the Model for Improvement",
# "a Theory of Change"): the whole title names the method.
_TITLED_METHOD = re.compile(rf"(?<!^)(?<![.?!]\s)\b{_METHOD.title()}\s+(for|of|to)\s+[A-Z][\w'’-]*")
# A name: capitalised words, or an acronym ("Six Sigma", "PRINCE2", "Health Foundation").
_NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
# Asking what a named thing is, the name being the whole of what is asked about ("What is Lean?",
# "Explain Six Sigma and how it applies to the NHS"); "What is the ICB's role…?" asks about a role.
_ASKS_WHAT = r"^\W*(?i:what is|what's|what are|explain|describe|define|tell me about)\s+"
_WHAT_IS_NAMED = re.compile(_ASKS_WHAT + rf"(the\s+)?(?P<name>{_NAME})\s*([?.,!]|$|\s+and\b)")
# …or what a term in lower case is ("Explain appreciative inquiry.", "What is co-production?"),
# the term being the whole of what is asked: unknown only if the guide uses none of its words, as
# the guide cannot define a term it never uses ("What is emergence?" is answered from its use).
_WHAT_IS_TERM = re.compile(
    _ASKS_WHAT
    + r"(?:(?i:the|an?)\s+)?(?P<name>[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,3})\s*[?.!]*\s*$")
# Guidance, advice or guidelines on a subject, the subject ending the question ("Summarise the
# latest NICE guidance on hypertension.", "What guidance is there on infection control?"): the
# subject is what is asked about, as a term above is. The guide cannot advise on a subject it
# never names, however much it speaks of itself as guidance; "Summarise the guidance on
# reframing benefit" names one it does. An activity ("advice on getting clinicians on board") is
# no term: the guide may describe it in other words.
_GUIDANCE_ON = re.compile(
    r"\b(?i:guidance|guidelines?|advice|recommendations?)"
    r"(?:\s+(?!(?i:on|about|regarding)\b)[\w'’-]+){0,3}?"
    r"\s+(?i:on|about|regarding)\s+"
    r"(?:(?i:the|an?)\s+)?(?P<name>(?![\w'’-]+ing\b)[\w'’-]+(?:\s+[\w'’-]+){0,3})\s*[?.!]*\s*$")
# Asking what a named body or thing does, or how it works, and nothing more ("What does the Health
# Foundation's Q community do?", "How does the IHI Breakthrough Series work?"): the name, as
# above, is all that is asked about. "What does NHS England say about spread?" asks about spread,
# and "How do GPs work with this?" about the guide.
_WHAT_NAMED_DOES = re.compile(
    r"^\W*(?i:what|how)\s+(?i:does|do)\s+(?i:the\s+)?"
    rf"(?P<name>{_NAME})(\s+[\w'’-]+){{0,2}}"
    r"\s+(?i:do|offer|provide|mean|stand for|work)\s*[?.!]*\s*$")
# How a named thing applies somewhere ("How does Lean Six Sigma apply to outpatients?"): the name,
# as above, is what is asked about ("How does the Benefit Principle apply to us?" names the
# guide's own). Applying something to a setting is what a method does, so only "apply" and
# "translate" are read; "How do GPs fit into this?" names people, not a method.
_NAMED_APPLIES = re.compile(
    r"^\W*(?i:how)\s+(?i:does|would|could|can|might|will)\s+(?i:the\s+)?"
    rf"(?P<name>{_NAME})\s+(?i:apply|applies|translate)\s+(?i:to|in|into|on|for)\b")
# Two names compared ("What's the difference between Agile and Waterfall?", "Compare Lean with
# Six Sigma"): each is known only if the guide uses every word of it.
_COMPARED_NAMES = re.compile(
    r"\b(?i:difference|differences|distinction)\s+(?i:between)\s+(?i:the\s+)?"
    rf"(?P<name>{_NAME})\s+(?i:and|or|vs\.?|versus)\s+(?i:the\s+)?(?P<other>{_NAME})"
    rf"|\b(?i:compare|contrast)\s+(?i:the\s+)?(?P<name2>{_NAME})\s+(?i:and|or|with|to|vs\.?|versus)"
    rf"\s+(?i:the\s+)?(?P<other2>{_NAME})")
# A method credited to someone ("the diffusion curve by Rogers", "the framework from the Health
# Foundation"): the credited name, capitalised words after "by" or "from the", is known only if
# the guide uses every word of it ("the approach by NHS England" is the guide's own). "From" and a
# bare name says where a change comes from ("a stroke rehab model from Scotland", "the virtual
# ward model from Leeds"), which is no method's name.
_CREDITED_METHOD = re.compile(  # …or a toolkit ("the Spread Toolkit from the Health Foundation")
    rf"\b(?i:{_METHOD}|toolkits?|toolbox(es)?|playbooks?|handbooks?)\s+"
    r"(?:(?i:by)\s+(?:the\s+)?|(?i:from\s+the)\s+)"
    rf"(?P<name>{_NAME})")
# …or a thing credited to a person or body by name ("What is systems thinking according to Peter
# Senge?"): two or more capitalised words, not an acronym ("according to NHS England" may mean
# the guide's own publisher).
_ACCORDING_TO = re.compile(
    r"\b(?i:according to) (?P<name>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*)+)")

# A name used as a way of working ("Should I use PRINCE2 for spreading a pathway?", "use Lean or
# Six Sigma for our redesign"): a name, bare (no article: "use the Leeds model" is a change,
# judged above), and what it is used for after it. Known only if the guide uses every word of it,
# as a credited name.
_USED_NAME = re.compile(
    rf"\b(?i:use|using|apply|applying|follow|following|run|running|choose|pick)\s+"
    rf"(?P<name>{_NAME})(?:\s+(?i:or|vs\.?|versus)\s+(?P<other>{_NAME}))?"
    r"\s+(?i:for|to|on|in|across|when)\b")
# …but getting others to use a named thing ("How do we get clinicians to use Microsoft Teams for
# handovers?", "encourage practices to use Accurx for…") is adopting it, the guide's subject.
_OTHERS_TO = re.compile(r"\b(get(s|ting)?|got|encourag\w*|persuad\w*|convinc\w*|help(s|ing)?"
                        r"|support(s|ing)?|enabl\w*|ask(s|ed|ing)?|want(s|ed)?|inspir\w*)"
                        r"\s+([\w'’-]+\s+){1,3}to\s+$", re.I)


@dataclass(frozen=True)
class Scope:
    in_scope: bool
    reason: DeclineReason | None = None
    part: str | None = None  # the part of the guide asked about, when its page is not loaded
    name: str | None = None  # the method, model or term asked about, when the guide never uses it


IN_SCOPE = Scope(True)
OFF_TOPIC = Scope(False, DeclineReason.OFF_TOPIC)

# Asking where a part is ("are there case studies I can look at?") is answered by the loaded
# pages' own pointers to it ("see our case studies page"); asking what it says is not.
_WHEREABOUTS = re.compile(r"\b(where|find|look at|links?|is there|are there|point (me|us)"
                          r"|direct (me|us)|signpost)\b", re.I)


def _same_stem(a: str, b: str) -> bool:
    """Two stems of one word: the stemmer leaves some forms apart ("convenor", "conven" for
    convening), so a stem of six letters or more may begin the other."""
    return a == b or min(len(a), len(b)) >= 6 and (a.startswith(b) or b.startswith(a))


def unloaded_part_asked(question: str, unloaded: list[str]) -> str | None:
    """The part of the guide, among those whose pages are not loaded (guide_map.unloaded_parts),
    that a question asks about: a principle whenever the question names it ("what does the
    complexity principle say?"); another part when it is what the question is about (its name
    at least half the question's content words) and the question asks what it says, not where
    it is ("what is systems convening?"). Other parts are named in everyday words ("we have no
    further resources for this programme…" is not about the guide's further resources page).
    Names match in any form ("case study", "a system convenor" for systems convening)."""
    asked = content_stems(question)
    for name in unloaded:
        want = content_stems(name)
        named = want and any(all(map(_same_stem, asked[i:i + len(want)], want))
                             for i in range(len(asked) - len(want) + 1))
        if not named:
            continue
        if name.endswith(" principle"):
            return name
        if 2 * len(want) >= len(asked) and not _WHEREABOUTS.search(question):
            return name
    return None


# A follow-up that opens with a condition ("and if…", "what if…", "suppose…"), or asks the last
# question again for someone else ("And for sceptical clinicians?", "What about for a small
# practice?").
_CONDITION = re.compile(r"\W*((and|but|so|or)\s+)?((what|how)\s+(about\s+)?)?"
                        r"(if|suppose|supposing|assuming|for)\b", re.I)


class ScopeJudge:
    def __init__(self, index: Index, bar: float, own_change_coverage: float,
                 vague_ask_words: int) -> None:
        # All three have one owner, Settings (in_scope_bar, own_change_coverage,
        # vague_ask_words; cross-validated).
        self.index = index
        self.bar = bar
        self.own_change_coverage = own_change_coverage
        self.vague_ask_words = vague_ask_words

    def _own_words_off_guide(self, question: Question) -> bool:
        """A follow-up that brings two or more words of its own, none of them the guide's ("and
        what's the capital of France?"), changes the subject to one the guide does not cover.
        One that puts a condition on the last question ("And if I have a whole afternoon?")
        asks it again: its words are the asker's circumstances, not a new subject. So does one
        that points back ("Why do they matter for ICBs?" after "What's a polarity?", "And how
        do we keep them engaged?"): what it asks is about what it points at."""
        own = own_words(question.text)
        if (not question.rewritten or len(content_words(own)) < 2 or _CONDITION.match(own)
                or points_back(question.text)):
            return False
        expanded = self.index.expander.expand(own)
        return self.index.lexical.coverage(expanded) == 0.0

    def _asks_in_guide_words(self, question: Question) -> bool:
        """Whether what the leader asks, after describing their change (the last sentence, or the
        whole question if it is one), is in the guide's words, for at least the share
        Settings.own_change_coverage of its content words. "We're introducing Lean across the
        hospital. How do we run a value stream mapping event?" describes a change but asks about
        something else; "…What now?", "…What went wrong?" ask nothing the guide could not
        answer: an ask of fewer content words than Settings.vague_ask_words is not judged."""
        if question.ask is None and len(sentences(question.text)) > 1:
            return True  # the last sentence has no content words at all ("…Is that ok?")
        # The care setting it names again is where, not what, it asks ("…Should the neighbouring
        # PCNs copy it exactly?" asks about copying).
        ask = self.index.expander.expand(CARE_SETTING.sub(" ", question.ask or question.text))
        if len(content_stems(ask)) < self.vague_ask_words:
            return True
        return self.index.lexical.coverage(ask) >= self.own_change_coverage

    def _unknown_method_names(self, text: str) -> list[tuple[str, str]]:
        """The methods or models named in `text` that the guide never uses ("the NASSS
        framework"), each as (the name, as the decline quotes it). A compound name
        ("Plan-Do-Study-Act") or a title ("the Model for Improvement") is known only if the guide
        uses it whole; a method credited to someone ("…by Rogers"), or a name asked about by
        itself ("What is Lean?"), only if the guide uses every word of the name."""
        def uses_every_word(name: str) -> bool:
            return set(content_stems(name)) <= self.index.lexical.vocabulary

        unknown = []
        start = 0
        # Searched again from after each name, not after each match: "How do I apply the
        # Kaizen approach?" first matches at "I", which is no name, and "Kaizen" lies inside it.
        while m := _NAMED_METHOD.search(text, start):
            start = m.end(1)
            name = m.group(1).split("'")[0].split("’")[0]
            if name.lower() in {"i", "the", "a", "an", "our", "my", "your", "this", "that"}:
                continue
            if "-" in name.strip("-"):
                known = name.lower() in self.index.text
            else:
                known = bool(set(content_stems(name)) & self.index.lexical.vocabulary)
            if not known:
                unknown.append((name, m.group(0)))
        for m in [*_CREDITED_METHOD.finditer(text), *_ACCORDING_TO.finditer(text),
                  *_WHAT_IS_NAMED.finditer(text),
                  *_WHAT_NAMED_DOES.finditer(text), *_NAMED_APPLIES.finditer(text)]:
            if not uses_every_word(m.group("name")):
                unknown.append((m.group("name"), m.group("name")))
        for m in _USED_NAME.finditer(text):
            if _OTHERS_TO.search(text[:m.start()]):
                continue
            named = [n for n in m.group("name", "other") if n]
            if not all(map(uses_every_word, named)):
                unknown.append((m.group("name"), " or ".join(named)))
        for m in _COMPARED_NAMES.finditer(text):
            named = [n for n in m.group("name", "other", "name2", "other2") if n]
            if not all(map(uses_every_word, named)):
                unknown.append((named[0], " and ".join(named)))
        return unknown + [(m.group(0), m.group(0)) for m in _TITLED_METHOD.finditer(text)
                          if m.group(0).lower() not in self.index.text]

    def unknown_method_asked(self, text: str) -> str | None:
        """The method or model a question asks about that the guide does not describe (as the
        decline quotes it), or None. A leader who names the change they are bringing in after
        where it comes from ("We're rolling out the Leeds model for virtual wards. What should we
        think about?") asks about spreading it: when a question describes a change in health or
        care and then asks in a sentence of its own, the name counts only if that last sentence
        uses it too ("…How does NASSS work?")."""
        names = self._unknown_method_names(text)
        parts = sentences(text)
        if names and len(parts) >= 2 and describes_a_care_change(text):
            asked = set(content_stems(parts[-1]))  # "…Is that ok?" asks about no name
            names = [(name, quoted) for name, quoted in names if set(content_stems(name)) & asked]
        return names[0][1] if names else None

    def unknown_term_asked(self, text: str) -> str | None:
        """The term that a question asks about by itself ("Explain appreciative inquiry.", "…the
        NICE guidance on hypertension?"), when the guide uses none of its words, or None. Words
        asking for an answer's form ("What are the key points?") are no term, and nor is the
        guide itself ("What's the whole guide about?")."""
        m = _WHAT_IS_TERM.search(text) or _GUIDANCE_ON.search(text)
        if m is None or asks_about_the_whole_guide(text):
            return None
        stems = set(content_stems(own_words(m.group("name"))))
        return m.group("name") if stems and not stems & self.index.lexical.vocabulary else None

    def _quotes_the_guide(self, sentence: str) -> bool:
        """Whether a sentence opens with five words of the guide's own ("Create a Pull for the
        innovation – what does that mean?" quotes a principle's advice; it asks for nothing
        to be made)."""
        opening = re.findall(r"[\w'’]+", sentence.lower())[:5]
        return len(opening) == 5 and " ".join(opening) in self._plain_text

    @cached_property
    def _states_its_audience(self) -> bool:
        return any(AUDIENCE.search(p.text) for p in self.index.passages)

    @cached_property
    def _plain_text(self) -> str:
        return " ".join(re.findall(r"[\w'’]+", self.index.text))

    def not_the_guides_job(self, text: str, topic: str = "") -> DeclineReason | None:
        """Why a question is not one the guide answers, whatever words it shares with it.
        `topic`: the conversation's subject, for a follow-up ("Summarise it for my board" after
        a question about a principle asks about the guide as much as if it named it). The gist
        of the last answer, asked for with no subject of its own ("Summarise that"), is the
        gist of the guide's words, whatever the conversation was about."""
        if _CLINICAL.search(text):
            return DeclineReason.CLINICAL
        if _DATA.search(text):
            return DeclineReason.DATA
        if _TRANSLATION.search(text) or _CREATIVE.search(text) or _SUPPLIER.search(text):
            return DeclineReason.TASK
        # A request may follow a sentence about the asker's situation ("We're spreading X.
        # Draft me a plan."), so each sentence is read as a possible start of one.
        about_the_guide = bool(_ABOUT_THE_GUIDE.search(topic)) or bool(
            topic and asks_only_for_the_gist(text))
        if any(_MADE_THING.search(s) and (_TASK.search(s) or _MAKE.search(s))
               or _TASK.search(s) and not (about_the_guide or _ABOUT_THE_GUIDE.search(s)
                                           or self._quotes_the_guide(s))
               for s in sentences(text)):
            return DeclineReason.TASK
        if self.unknown_method_asked(text):
            return DeclineReason.OTHER_MODEL
        return None

    def precheck(self, question: Question) -> Scope | None:
        """A decline decided by the question's form alone, before anything is retrieved (so
        such a question needs no model), or None."""
        if _ADDRESSES_ASSISTANT.search(question.text):
            return Scope(False, DeclineReason.INSTRUCTIONS)
        if _ABOUT_ASSISTANT.search(question.text):
            return Scope(False, DeclineReason.ASSISTANT)
        reason = self.not_the_guides_job(question.text,
                                         question.search_query if question.rewritten else "")
        if reason is DeclineReason.OTHER_MODEL:
            return Scope(False, reason, name=self.unknown_method_asked(question.text))
        if reason is not None:
            return Scope(False, reason)
        # "…adopting a pet therapy programme in our care homes" is a change in care.
        if ((_ELSEWHERE.search(question.text) or _ADOPTING_A_CHILD.search(question.text))
                and not CARE_SETTING.search(question.text)):
            return OFF_TOPIC
        if (_IT_HELP.search(question.text) or _CLOCK.search(question.text)
                or (_CONTACT.search(question.text) and not _ABOUT_THE_GUIDE.search(question.text))):
            return OFF_TOPIC
        # Mid-conversation, "What's the opposite?" asks about what came before, not a term.
        term = None if question.rewritten else self.unknown_term_asked(question.text)
        if term:
            return Scope(False, DeclineReason.OFF_TOPIC, name=term)
        if (_LEGAL.search(question.ask or question.text)
                and not _GUIDE_AS_SOURCE.search(question.text)):
            return OFF_TOPIC
        part = unloaded_part_asked(question.text, self.index.unloaded_parts)
        if part is None and question.rewritten:  # "What about the complexity one?"
            part = unloaded_part_asked(question.search_query, self.index.unloaded_parts)
        if part:
            return Scope(False, DeclineReason.UNLOADED_PAGE, part=part)
        return None

    def judge(self, question: Question, hits: list[Hit], coverage: float) -> Scope:
        """`hits` were retrieved for the question's search query, which found `coverage` of its
        content words in the guide."""
        return self.precheck(question) or self.judge_retrieved(question, hits, coverage)

    def judge_retrieved(self, question: Question, hits: list[Hit], coverage: float) -> Scope:
        """The part of `judge` that needs what was retrieved (after `precheck` let it through)."""
        if self._own_words_off_guide(question):
            return OFF_TOPIC
        subject = own_words(question.search_query)
        if subject != question.search_query and content_words(subject):
            # Words asking for the answer in a form ("What's a polarity, in plain English?", "Can
            # you list them?" after "What are polarities?") are not its subject: the question is
            # judged by the words of its subject, which the guide may use although "plain
            # English" is not in it.
            coverage = self.index.lexical.coverage(self.index.expander.expand(subject))
        if hits and describes_a_care_change(question.text) and self._asks_in_guide_words(question):
            return IN_SCOPE
        # Whom the guide is for, asked of any reader ("Is this guide for matrons?"), is answered
        # by the passages stating its audience (rerankers.AudienceFirst), if the pages have one.
        if asks_whom_the_guide_is_for(question.search_query) and self._states_its_audience:
            return IN_SCOPE
        # "Give me an overview": the gist of nothing in particular is the guide's own (its
        # introduction's opening, which PrincipleOverview puts first).
        if asks_about_the_whole_guide(question.search_query) and self.index.home_opening:
            return IN_SCOPE
        best = max((h.unit for h in hits), default=0.0)
        if best >= STRONG_MATCH or best + COVERAGE_WEIGHT * coverage >= self.bar:
            return IN_SCOPE
        return OFF_TOPIC

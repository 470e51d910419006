"""Demo help centre: teams, topics, topic rules, articles (with Easy Read versions) and canned replies.

Written for this demo in plain English (docs/domain.md#words). Safe to run
again: everything is matched by its name, slug or title and brought back to
what is written here; phrases managers added themselves are left alone.
Figures come from docs/domain.md#rule-7 and #rule-15 and are marked *(check)* there: keep them up to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from dpss.accounts.models import User

from .models import Article, Audience, CannedReply, Team, Topic, TopicRule

MANAGER_EMAIL = "manager@example.com"
ADVISER_EMAIL = "adviser@example.com"

ADVICE, EMPLOYER, PA_FINDER = "Direct payments advice", "Employer support", "PA Finder"
TEAMS = (ADVICE, EMPLOYER, PA_FINDER)


@dataclass(frozen=True)
class DemoTopic:
    slug: str
    name: str
    description: str
    order: int
    team: str
    # (phrase, weight)
    rules: tuple[tuple[str, int], ...]


TOPICS = (
    DemoTopic(
        "using-your-direct-payment",
        "Using your direct payment",
        "What the money can pay for, and what to check first.",
        10,
        ADVICE,
        (
            ("what can i spend", 3),
            ("spend", 1),
            ("support plan", 2),
            ("respite", 2),
            ("short break", 2),
            ("day centre", 2),
            ("equipment", 2),
            ("care agency", 2),
            ("family member", 2),
            ("allowed to buy", 3),
        ),
    ),
    DemoTopic(
        "becoming-an-employer",
        "Becoming an employer",
        "What to do before your first personal assistant starts work.",
        20,
        EMPLOYER,
        (
            ("becoming an employer", 4),
            ("become an employer", 4),
            ("employer", 1),
            ("right to work", 3),
            ("references", 2),
            ("job description", 2),
            ("employment allowance", 2),
            ("liability insurance", 3),
            ("first pa", 2),
        ),
    ),
    DemoTopic(
        "employing-a-pa",
        "Employing a personal assistant",
        "Contracts, pay, tax, pensions, holiday and checks for the people you employ.",
        30,
        EMPLOYER,
        (
            ("payroll", 3),
            ("payslip", 3),
            ("hmrc", 3),
            ("tax", 1),
            ("national insurance", 2),
            ("pension", 2),
            ("holiday pay", 3),
            ("contract", 2),
            ("dbs", 2),
            ("insurance", 1),
            ("wages", 2),
            ("sick pay", 2),
            ("living wage", 2),
            ("pa", 1),
            ("personal assistant", 1),
        ),
    ),
    DemoTopic(
        "virtual-wallet-and-cards",
        "Virtual Wallet and payment cards",
        "Your online account, your payment card, and what to do if something goes wrong.",
        40,
        ADVICE,
        (
            ("virtual wallet", 4),
            ("wallet", 2),
            ("payment card", 3),
            ("prepaid card", 3),
            ("card", 1),
            ("pin", 2),
            ("declined", 2),
            ("online account", 2),
            ("log in", 1),
            ("password", 1),
        ),
    ),
    DemoTopic(
        "financial-check-ups",
        "Financial check-ups",
        "How we check together that your direct payment is working for you.",
        50,
        ADVICE,
        (
            ("check-up", 3),
            ("check up", 3),
            ("financial check", 3),
            ("receipts", 2),
            ("bank statement", 2),
            ("statements", 1),
            ("money left over", 2),
            ("unspent", 2),
            ("surplus", 2),
            ("pay back", 2),
        ),
    ),
    DemoTopic(
        "reviews",
        "Reviews",
        "When your care and support is looked at again, and how to ask for a review.",
        60,
        ADVICE,
        (
            ("review", 2),
            ("reassessment", 3),
            ("reassess", 3),
            ("needs have changed", 3),
            ("more hours", 2),
            ("social worker", 1),
            ("budget", 1),
        ),
    ),
    DemoTopic(
        "ending-a-direct-payment",
        "Ending a direct payment",
        "If you want to stop, or your situation changes.",
        70,
        ADVICE,
        (
            ("end my direct payment", 4),
            ("stop my direct payment", 4),
            ("ending", 2),
            ("cancel", 2),
            ("moving away", 2),
            ("passed away", 3),
            ("died", 3),
            ("redundancy", 2),
        ),
    ),
    DemoTopic(
        "finding-a-pa",
        "Finding a personal assistant",
        "Using PA Finder, adverts and interviews.",
        80,
        PA_FINDER,
        (
            ("pa finder", 4),
            ("find a pa", 4),
            ("finding a pa", 4),
            ("looking for a pa", 4),
            ("new pa", 2),
            ("recruit", 2),
            ("advert", 2),
            ("interview", 1),
        ),
    ),
    DemoTopic(
        "getting-help",
        "Getting help",
        "How to ask us, in the way that suits you, and how to complain.",
        90,
        ADVICE,
        (
            ("complaint", 2),
            ("complain", 2),
            ("speak to someone", 2),
            ("easy read", 2),
            ("large print", 2),
            ("interpreter", 2),
            ("bsl", 2),
            ("advocate", 2),
        ),
    ),
)


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    topic: str
    summary: str
    body: str
    owner: str = MANAGER_EMAIL
    # Days from today to the review-by date (negative: overdue).
    review_in_days: int = 180
    audience: str = Audience.EVERYONE
    keywords: str = ""
    easy_read: str = ""


ARTICLES = (
    DemoArticle(
        slug="what-your-direct-payment-can-pay-for",
        title="What your direct payment can pay for",
        topic="using-your-direct-payment",
        audience=Audience.RECIPIENTS,
        keywords="spend, allowed, buy, support plan, outcomes, respite, equipment, agency",
        review_in_days=200,
        summary="You can use it for anything in your support plan that meets the outcomes you agreed.",
        body="""
Your direct payment is money to meet the needs in your support plan. You choose how, as long as it meets the outcomes you agreed with your social worker.

## Things people often pay for

- a personal assistant (PA) you employ yourself
- care from an agency
- day activities, clubs or classes
- short breaks, so you or your carer can rest
- equipment or small changes that help you stay independent

## Things it cannot pay for

- everyday bills, such as food, rent or energy
- anything that is not linked to your support plan
- alcohol, tobacco or gambling
- anything that is against the law

## If you are not sure

Ask us before you spend the money. It is easier to check first than to put things right later. Use the question form or phone us, and tell us what you want to buy and how it helps you.

If your needs change, you may need a review of your support plan. We can help you ask for one.
""",
        easy_read="""
Your direct payment is money for your care and support.
You can choose how to spend it.
It must help with the things in your support plan.

You can pay for:

- a personal assistant
- a care agency
- clubs and activities
- a short break
- equipment that helps you

You cannot pay for:

- food, rent or bills
- alcohol or cigarettes
- gambling

Not sure? Ask us first.
We are happy to help.
""",
    ),
    DemoArticle(
        slug="paying-a-family-member",
        title="Paying a family member to support you",
        topic="using-your-direct-payment",
        audience=Audience.RECIPIENTS,
        owner=ADVISER_EMAIL,
        review_in_days=-45,
        keywords="relative, family, partner, husband, wife, son, daughter, lives with me, same household",
        summary="You can often pay a relative, but if they live with you the council must agree first.",
        body="""
Many people would like a family member to be their personal assistant. This is often possible.

## If they do not live with you

You can usually employ them like any other PA. They need a contract, and you need to pay them through payroll.

## If they live with you

The council has to agree that it is necessary before you pay them. This might be because of your culture or language, or because no one else can meet your needs.

To ask:

1. Tell your social worker or practitioner who you would like to pay and why.
2. They will record the decision and the reason.
3. Wait for the answer before the person starts paid work.

## Who to ask

Ask us if you are not sure whether this applies to you. We can explain the options and what to write.
""",
    ),
    DemoArticle(
        slug="becoming-an-employer-checklist",
        title="Becoming an employer: a checklist",
        topic="becoming-an-employer",
        audience=Audience.EMPLOYERS,
        review_in_days=150,
        keywords="employer, first PA, checklist, start, before, HMRC, insurance, contract, right to work",
        summary="What to do before your first personal assistant starts, in the order to do it.",
        body="""
When you employ a personal assistant (PA), you become an employer. That sounds like a lot, but you do not have to do it alone. We help with every step.

## Before you advertise

1. Write down what help you need and when. This becomes the job description.
2. Work out the hourly rate. It must be at least the National Living Wage: £12.71 an hour from April 2026.
3. Ask us about a payroll service. Most people use one.

## Before your PA starts

1. Check they have the right to work in the UK, and keep a copy of the document.
2. Get two references.
3. Decide whether to ask for a DBS check. You must have one if the direct payment is for a child.
4. Buy employer's liability insurance. The law says you must have it.
5. Register as an employer with HMRC. Your payroll service can do this for you.
6. Give your PA a written contract on or before their first day.

## In the first few weeks

- Check the first payslip with your PA.
- Keep timesheets and payslips together. You will need them for your financial check-up.
- Put your PA into a workplace pension if they are 22 or over and earn more than £10,000 a year.

Not sure about a step? Ask us. The Employer support team answers these questions every day.
""",
        easy_read="""
A personal assistant is someone you pay to help you.
When you pay a personal assistant, you are their employer.
We will help you.

Before they start work:

- check they are allowed to work in the UK
- ask for two references
- buy employer's insurance
- tell the tax office, HMRC
- give them a written contract

Pay at least £12.71 an hour.
This is from April 2026.

Keep their payslips safe.

Ask us if you need help with any step.
""",
    ),
    DemoArticle(
        slug="employers-liability-insurance",
        title="Employer's liability insurance",
        topic="becoming-an-employer",
        audience=Audience.EMPLOYERS,
        owner=ADVISER_EMAIL,
        review_in_days=240,
        keywords="insurance, employer's liability, public liability, cover, policy, renew",
        summary="If you employ a PA, the law says you must have this insurance from their first day.",
        body="""
Employer's liability insurance pays out if your personal assistant is hurt or becomes ill because of their work for you.

## What you need to do

- Buy a policy before your PA's first day.
- Choose cover for at least £5 million. Policies for people who employ PAs usually include this.
- Renew it every year. Put the renewal date in your diary.
- Keep the certificate where you can find it.

Many policies for PA employers also include public liability and help with employment law. This is worth having.

## Paying for it

The cost of the insurance is part of your direct payment budget. Pay it from your direct payment account and keep the receipt.

Ask us if you would like a list of insurers that other employers use.
""",
    ),
    DemoArticle(
        slug="right-to-work-and-references",
        title="Right to work checks and references",
        topic="becoming-an-employer",
        audience=Audience.EMPLOYERS,
        owner=ADVISER_EMAIL,
        review_in_days=210,
        keywords="right to work, passport, share code, visa, references, referees, checks",
        summary="Two checks to do before anyone starts work for you, and how to keep a record of them.",
        body="""
Before a personal assistant starts, check that they are allowed to work in the UK and ask for references.

## Right to work

1. Ask to see their passport or, if they have one, a share code from the Home Office website.
2. Check the photo looks like them and the document is in date.
3. Keep a copy with the date you checked it.

You must do this for everyone, even people you know well.

## References

Ask for two references, ideally from people they have worked for. Ask the referee:

- how long they knew the person
- what work they did
- whether they would employ them again

Keep the replies with your other employer records. If a reference worries you, talk to us before you offer the job.
""",
    ),
    DemoArticle(
        slug="writing-a-contract-for-your-pa",
        title="Writing a contract for your personal assistant",
        topic="employing-a-pa",
        audience=Audience.EMPLOYERS,
        review_in_days=160,
        keywords="contract, written statement, terms, hours, notice, job description, template",
        summary="Your PA must have written terms from their first day. We can give you a template.",
        body="""
A contract sets out what you and your personal assistant (PA) have agreed. It protects you both.

## What it must say

- your name and your PA's name
- the date they start
- their hourly rate and how often they are paid
- their hours and where they work
- their holiday
- what happens if they are ill
- how much notice each of you must give

## When to give it

Give your PA the written contract on or before their first day. Keep a signed copy.

## Changing it

If you want to change the hours or the pay, talk to your PA first and agree it in writing. Ask us if you are not sure how.

We have a contract template written for PA employers. Ask us for a copy.
""",
    ),
    DemoArticle(
        slug="paying-your-pa-payroll-and-hmrc",
        title="Paying your PA: payroll, HMRC and payslips",
        topic="employing-a-pa",
        audience=Audience.EMPLOYERS,
        review_in_days=120,
        keywords="payroll, HMRC, PAYE, tax, national insurance, payslip, wages, salary, employment allowance",
        summary="A payroll service works out tax, National Insurance and payslips, and tells HMRC for you.",
        body="""
When you employ a personal assistant (PA), you pay their wages and tell HMRC what you paid. A payroll service does most of this for you.

## What a payroll service does

- registers you as an employer with HMRC
- works out your PA's tax and National Insurance
- sends you and your PA a payslip
- tells HMRC what was paid, each time you pay

## What you do

1. Send the payroll service your PA's hours by the date they give you, usually a few days before payday.
2. Pay your PA the amount on the payslip, from your direct payment account.
3. Pay HMRC the tax and National Insurance the payroll service tells you, by the 22nd of the next month.

## Employer's National Insurance

You may have to pay employer's National Insurance on top of the wages. Most PA employers can claim the Employment Allowance, which usually covers it. Your payroll service can claim it for you.

## If something looks wrong

Check each payslip with your PA. If the hours or the pay look wrong, contact the payroll service straight away. Ask us if you need help.
""",
    ),
    DemoArticle(
        slug="workplace-pensions-for-your-pa",
        title="Workplace pensions for your PA",
        topic="employing-a-pa",
        audience=Audience.EMPLOYERS,
        owner=ADVISER_EMAIL,
        review_in_days=130,
        keywords="pension, auto-enrolment, automatic enrolment, NEST, The Pensions Regulator, declaration of compliance",
        summary="If your PA is 22 or over and earns more than £10,000 a year, you must put them in a pension.",
        body="""
Every employer has to offer a workplace pension. This includes people who employ a personal assistant (PA).

## Who must be put into a pension

You must put your PA into a pension scheme if they:

- are aged 22 or over, and under State Pension age
- earn more than £10,000 a year from you

Other PAs can ask to join, and you may have to pay in for them too.

## What you pay

You pay in at least 3% of your PA's qualifying earnings. Your PA pays in too, from their wages. Your payroll service works out the amounts. The cost is part of your direct payment budget.

## What to do

1. Tell your payroll service your PA's start date and date of birth.
2. Choose a pension scheme. Many PA employers use NEST.
3. Tell The Pensions Regulator what you have done within 5 months of your PA's first day. This is called the declaration of compliance.

Ask us if you are not sure whether your PA needs a pension.
""",
    ),
    DemoArticle(
        slug="holiday-and-holiday-pay",
        title="Holiday and holiday pay for your PA",
        topic="employing-a-pa",
        audience=Audience.EMPLOYERS,
        review_in_days=140,
        keywords="holiday, annual leave, holiday pay, bank holidays, 5.6 weeks, cover",
        summary="Your PA is entitled to 5.6 weeks of paid holiday a year. Plan for it in your budget.",
        body="""
Every personal assistant (PA) is entitled to paid holiday, even if they only work a few hours a week.

## How much holiday

A PA is entitled to 5.6 weeks of paid holiday a year. For someone who works 5 days a week, that is 28 days. For someone who works 2 days a week, it is 11.2 days. Bank holidays can be part of this.

## Holiday pay

Pay your PA their normal pay when they are on holiday. Your budget includes an amount for this, so keep that money aside during the year.

## Planning holiday

- Agree holiday dates with your PA in advance.
- Think about who will support you while they are away.
- Keep a record of the days taken.

## If your PA leaves

Pay them for any holiday they have built up but not taken.

Ask us if you would like help working out holiday for your PA's hours.
""",
    ),
    DemoArticle(
        slug="dbs-checks-for-personal-assistants",
        title="DBS checks for personal assistants",
        topic="employing-a-pa",
        audience=Audience.EMPLOYERS,
        owner=ADVISER_EMAIL,
        review_in_days=21,
        keywords="DBS, criminal record, barred list, enhanced check, children, safeguarding",
        summary="An enhanced DBS check is required for a child's direct payment and recommended for everyone else.",
        body="""
A DBS check shows whether someone has a criminal record or is barred from working with children or adults who need support.

## When you need one

- If the direct payment is for a child, your PA must have an enhanced DBS check with a barred list check.
- For an adult, we strongly recommend the same check. It is your choice.

## How to get one

1. Ask us. We can arrange the check for you.
2. Your PA fills in a form and shows us their identity documents.
3. The certificate is sent to your PA. Ask to see it before they start.

The cost of the check is part of your direct payment budget.

## If the check shows something

A record does not always mean you cannot employ the person. Talk to us and we will help you decide.
""",
    ),
    DemoArticle(
        slug="how-much-to-pay-your-pa",
        title="How much to pay your PA",
        topic="employing-a-pa",
        audience=Audience.EMPLOYERS,
        review_in_days=60,
        keywords="hourly rate, wages, National Living Wage, minimum wage, pay rise, April",
        summary="Pay at least the National Living Wage: £12.71 an hour from April 2026.",
        body="""
Your direct payment budget includes an hourly rate for your personal assistant (PA). It also includes money for holiday, National Insurance, pension and insurance.

## The least you can pay

Your PA must be paid at least the National Living Wage. This is £12.71 an hour from April 2026. It was £12.21 an hour before that. It usually goes up every April.

## When the rate goes up

1. Your payroll service will remind you before April.
2. Change your PA's rate from the first pay period after 1 April.
3. Tell us if your budget no longer covers the hours you need.

## Paying more

You can pay more than the least amount if your budget allows. Ask us to check the figures with you first.
""",
    ),
    DemoArticle(
        slug="using-your-virtual-wallet",
        title="Using your Virtual Wallet account",
        topic="virtual-wallet-and-cards",
        audience=Audience.RECIPIENTS,
        review_in_days=170,
        keywords="Virtual Wallet, online account, log in, password, pay an invoice, balance",
        summary="Virtual Wallet is an online account for your direct payment. You can pay people and see your balance.",
        body="""
Virtual Wallet is an online account that holds your direct payment. It is the way most people choose to manage their money.

## What you can do

- see how much money is in your account
- pay your PA, a care agency or an invoice
- see every payment in and out

Your practitioner can see the account too. This means you do not have to send bank statements for your financial check-up.

## Logging in

Use the email address and password you set up. If you forget your password, use the reset link on the Virtual Wallet login page.

## If something goes wrong

- If a payment has not arrived, check the date it was due first.
- If you think someone else has used your account, contact Virtual Wallet straight away, then tell us.

Ask us if you would like someone to show you how to use it. We can go through it with you on the phone.
""",
        easy_read="""
Virtual Wallet is an account on the internet.
Your direct payment goes into it.

You can use it to:

- see how much money you have
- pay your personal assistant
- pay for your care

Your social worker can see it too.
You do not need to send us bank statements.

Forgot your password?
Use the reset link on the login page.

We can show you how to use it.
Just ask us.
""",
    ),
    DemoArticle(
        slug="payment-cards-lost-stolen-or-declined",
        title="Payment cards: lost, stolen or declined",
        topic="virtual-wallet-and-cards",
        audience=Audience.RECIPIENTS,
        owner=ADVISER_EMAIL,
        review_in_days=-14,
        keywords="prepaid card, payment card, lost card, stolen, declined, PIN, blocked",
        summary="What to do if your direct payment card is lost, stolen or will not work.",
        body="""
A prepaid payment card is one way to use your direct payment. You only get one if you choose it.

## If your card is lost or stolen

1. Phone the card provider straight away. The number is on the letter that came with your card.
2. They will block the card, so no one else can use it.
3. Tell us, so we can make sure your payments keep going to the new card.

## If your card is declined

- Check your balance. Your next payment may not have arrived yet.
- Check you typed the right PIN. After 3 wrong tries the card is blocked for a while.
- Some shops and websites do not take prepaid cards. Try another way to pay.

## If you forget your PIN

The card provider can send you a reminder. Ask them, not us: we never know your PIN.

If your PA's wages are due and you cannot pay, tell us today. We will help you sort it out.
""",
    ),
    DemoArticle(
        slug="financial-check-ups-what-happens",
        title="Financial check-ups: what happens",
        topic="financial-check-ups",
        audience=Audience.RECIPIENTS,
        review_in_days=100,
        keywords="check-up, financial check, statements, receipts, Virtual Wallet, first check",
        summary="A short check, together, that your direct payment is working. Usually once a year.",
        body="""
A financial check-up is a chance to make sure your direct payment is working for you. It is not a test. Most check-ups are short and nothing changes.

## When they happen

- The first one is 6 to 8 weeks after your first payment. It helps you get off to a good start.
- After that, usually once a year.

## What we look at

- money paid in and money spent
- that wages, tax and pension are being paid
- whether money is building up

If you use Virtual Wallet or a payment card, we can see your account online. You do not need to send bank statements.

## What you may need to send

If you use a bank account, we will ask for your statements. We only ask for receipts for things that cost more than £10.

We will write to you and say what we need and by when. If that date is hard for you, tell us and we will agree a new one.

## If you need help

Ask us. We can go through it with you on the phone or send the letter in Easy Read or large print.
""",
        easy_read="""
We check your direct payment money with you.
This is called a financial check-up.
It is not a test.

The first check-up is 6 to 8 weeks after your first payment.
Then it is once a year.

Do you use Virtual Wallet or a payment card?
Then we can look at it online.
You do not need to send us anything.

We only need receipts for things that cost more than £10.

We will write to you first.
The letter will say what we need.

Need help?
Ask us.
""",
    ),
    DemoArticle(
        slug="if-money-builds-up-in-your-account",
        title="If money builds up in your account",
        topic="financial-check-ups",
        audience=Audience.RECIPIENTS,
        owner=ADVISER_EMAIL,
        review_in_days=190,
        keywords="surplus, unspent, money left over, balance, pay back, savings, contingency",
        summary="We will always talk with you first. There is often a good reason.",
        body="""
Your direct payment is paid in advance, so there will always be some money in your account. Sometimes more builds up than you need.

## Money that is already spoken for

Some of the money in your account is already owed. For example:

- wages due to your PA
- tax, National Insurance and pension
- holiday pay your PA has built up
- an amount kept aside for emergencies

## If more builds up

If there is more than you need, usually more than 8 weeks of support after what you owe, an adviser will get in touch. We will talk with you first. There may be a good reason, such as a PA who left, or a stay in hospital.

Together we will agree what to do. You might use the money for support you have missed, or we may ask for some of it back.

## What you can do now

If you know why money is building up, tell us. It helps us plan with you.
""",
    ),
    DemoArticle(
        slug="reviews-of-your-care-and-support",
        title="Reviews of your care and support",
        topic="reviews",
        audience=Audience.RECIPIENTS,
        review_in_days=220,
        keywords="review, reassessment, social worker, needs changed, more hours, support plan",
        summary="Your support is reviewed within 6 months of your first payment, then at least once a year.",
        body="""
A review looks at whether your support is still right for you. It is a conversation, usually with your social worker or practitioner.

## When reviews happen

- The first review is within 6 months of your first payment.
- After that, at least once a year.
- At any time if your needs change.

## What you will talk about

- what is going well and what is not
- whether your support plan still meets your needs
- whether your budget is still right

## Asking for a review

If your needs have changed, you can ask for a review at any time. Tell your social worker, or ask us and we will pass it on.

You can have someone with you at the review, such as a family member, a friend or an advocate.
""",
        easy_read="""
A review is a meeting about your care and support.
You talk with your social worker.

You talk about:

- what is going well
- what is not going well
- if you need more help or less help

The first review is in the first 6 months.
Then there is one every year.

Have things changed for you?
You can ask for a review at any time.

You can bring someone with you.
""",
    ),
    DemoArticle(
        slug="ending-your-direct-payment",
        title="Ending your direct payment",
        topic="ending-a-direct-payment",
        audience=Audience.RECIPIENTS,
        review_in_days=250,
        keywords="end, stop, cancel, give notice, moving away, redundancy, last payment, unspent money",
        summary="You can choose to stop at any time. We will make sure your needs are still met.",
        body="""
You can choose to stop your direct payment at any time. The council will still make sure your care and support needs are met.

## If you want to stop

1. Tell your social worker or us. Say when you would like it to end.
2. Give the notice your agreement asks for, usually 4 weeks.
3. Your social worker will talk with you about how your support will be arranged instead.

## If you employ a personal assistant

You are still their employer until their job ends. You will need to:

- give your PA notice, in writing
- pay their final wages and any holiday pay they are owed
- tell your payroll service
- check whether they are owed redundancy pay (if they have worked for you for 2 years or more)

Your budget can cover these costs. Ask us before you give notice and we will go through it with you.

## Money left in your account

When everything owed has been paid, any money left goes back to the council. We will tell you the amount and how to return it.

## If the council thinks it should end

The council will always review your support and talk with you first.
""",
        easy_read="""
You can stop your direct payment.
Tell your social worker or tell us.

We will still make sure you get the care you need.

Do you pay a personal assistant?
You need to tell them in writing.
You need to pay them what they are owed.
We can help you do this.

Is there money left over?
It goes back to the council.
We will tell you how.

Ask us before you decide.
""",
    ),
    DemoArticle(
        slug="finding-a-personal-assistant",
        title="Finding a personal assistant",
        topic="finding-a-pa",
        audience=Audience.EMPLOYERS,
        owner=ADVISER_EMAIL,
        review_in_days=110,
        keywords="PA Finder, advert, recruit, interview, find a PA, new PA, no applicants",
        summary="Use PA Finder to see PAs near you and to place an advert. We check every advert first.",
        body="""
PA Finder lists personal assistants (PAs) who are looking for work near you. You can also place your own advert.

## Looking at PA listings

Each listing shows the area the PA covers, when they can work and what experience they have. We have checked their identity and any DBS check they list.

## Placing an advert

1. Say what help you need, how many hours and where.
2. Say what you will pay. It must be at least £12.71 an hour from April 2026.
3. We check your advert, usually within 2 working days, then publish it.

## Meeting a PA

When you and a PA both agree, we share your contact details with each other. Meet somewhere you feel safe, or ask someone to be with you.

## If no one replies

Tell us. The PA Finder team can help you change your advert or look for other ways to find support.
""",
    ),
    DemoArticle(
        slug="how-to-get-help-from-us",
        title="How to get help from us",
        topic="getting-help",
        review_in_days=300,
        keywords="contact, ask, question, phone, email, complaint, complain, Easy Read, large print, interpreter",
        summary="Ask a question online, phone us, or ask someone to contact us for you.",
        body="""
We are the Direct Payments Support Service. We help people who have a direct payment, their families and carers, and the personal assistants they employ.

## Ways to ask

- Use the question form on this website. You do not need an account.
- Phone us. Our number and opening times are at the bottom of every page.
- Ask someone you trust to contact us for you.

## What happens next

We send you a reference, like DPSS-2026-000123, so you can follow your question. An adviser will usually contact you within one working day.

## Help in the way that suits you

Tell us if you would like our letters and emails in Easy Read or large print, or if you need an interpreter or BSL. We will remember this for next time.

## If you are unhappy

Tell us. We will try to put it right straight away. If you want to make a complaint, say so in your question and we will follow the council's complaints process. We will tell you who is looking at it and when to expect an answer.
""",
        easy_read="""
We help people who have a direct payment.

You can ask us a question on this website.
You can phone us.
Someone can ask us for you.

We will send you a number for your question.
We will usually reply in one working day.

We can write to you in Easy Read.
We can write to you in large print.
We can get you an interpreter.

Not happy?
Tell us.
We will try to put it right.
""",
    ),
    DemoArticle(
        slug="sick-pay-for-your-pa",
        title="When your PA is ill",
        topic="employing-a-pa",
        audience=Audience.EMPLOYERS,
        review_in_days=270,
        keywords="sick pay, SSP, statutory sick pay, ill, off sick, cover, fit note",
        summary="Your PA may be entitled to Statutory Sick Pay. Plan who will support you while they are off.",
        body="""
If your personal assistant (PA) is too ill to work, they need to tell you as soon as they can.

## Sick pay

Your PA may be entitled to Statutory Sick Pay (SSP). Your payroll service will work out whether they qualify and how much to pay. Tell the payroll service the dates your PA was off.

## Fit notes

If your PA is off for more than 7 days in a row, ask them for a fit note from their doctor. Keep a copy.

## Support while your PA is off

- Ask another PA or a family member if they can help.
- Contact a care agency for short-term cover.
- If you cannot arrange support, tell us or your social worker straight away.

Your budget includes a contingency to help with these costs.
""",
    ),
)


@dataclass(frozen=True)
class DemoCannedReply:
    title: str
    article: str
    body: str


CANNED_REPLIES = (
    DemoCannedReply(
        "Paying a PA through payroll",
        "paying-your-pa-payroll-and-hmrc",
        "Thank you for your question about paying your personal assistant.\n\n"
        "Most people who employ a PA use a payroll service. It registers you with HMRC, works out tax and "
        "National Insurance, and sends you and your PA a payslip. You then pay your PA the amount on the payslip "
        "from your direct payment account.\n\n"
        "Our help page explains each step. If you would like us to suggest a payroll service, reply to this "
        "message and we will send you a list.",
    ),
    DemoCannedReply(
        "Holiday and holiday pay",
        "holiday-and-holiday-pay",
        "Thank you for asking about holiday for your personal assistant.\n\n"
        "Every PA is entitled to 5.6 weeks of paid holiday a year, worked out on the days or hours they work. "
        "Pay them their normal pay while they are on holiday. Your budget already includes money for this.\n\n"
        "Our help page shows how to work it out. Reply to this message if you would like us to check the figures with you.",
    ),
    DemoCannedReply(
        "Workplace pension for a PA",
        "workplace-pensions-for-your-pa",
        "Thank you for your question about pensions.\n\n"
        "If your PA is 22 or over and earns more than £10,000 a year, you need to put them into a workplace "
        "pension. You pay in at least 3% of their qualifying earnings, and your payroll service works out the amounts.\n\n"
        "Our help page explains what to do and by when. Reply to this message if anything is unclear.",
    ),
    DemoCannedReply(
        "Lost or stolen payment card",
        "payment-cards-lost-stolen-or-declined",
        "Thank you for letting us know about your card.\n\n"
        "Please phone the card provider straight away so they can block it. The number is on the letter that "
        "came with your card. Then reply to this message and we will make sure your payments go to your new card.\n\n"
        "If your PA's wages are due in the next few days, tell us today and we will help you pay them.",
    ),
    DemoCannedReply(
        "Your first financial check-up",
        "financial-check-ups-what-happens",
        "Thank you for your question about your financial check-up.\n\n"
        "The check-up is a short look, together, at how your direct payment is going. If you use Virtual Wallet "
        "or a payment card, we can see your account online and you do not need to send statements. We only ask "
        "for receipts for things that cost more than £10.\n\n"
        "Our help page explains what happens. If the date in our letter is hard for you, reply and we will agree a new one.",
    ),
    DemoCannedReply(
        "What a direct payment can pay for",
        "what-your-direct-payment-can-pay-for",
        "Thank you for checking with us first.\n\n"
        "You can use your direct payment for anything in your support plan that meets the outcomes you agreed "
        "with your social worker. It cannot pay for everyday bills such as food or rent.\n\n"
        "Our help page has examples. If you tell us what you would like to buy and how it helps you, we will "
        "let you know whether it fits your plan.",
    ),
    DemoCannedReply(
        "Ending a direct payment",
        "ending-your-direct-payment",
        "Thank you for telling us.\n\n"
        "You can choose to stop your direct payment at any time, and the council will still make sure your needs "
        "are met. If you employ a PA, you will need to give them notice and pay what they are owed. Your budget "
        "can cover this.\n\n"
        "Our help page explains the steps. An adviser can go through them with you: reply to this message with a "
        "good time to phone you.",
    ),
    DemoCannedReply(
        "Employer's liability insurance",
        "employers-liability-insurance",
        "Thank you for your question about insurance.\n\n"
        "If you employ a personal assistant, the law says you must have employer's liability insurance from their "
        "first day. The cost is part of your direct payment budget.\n\n"
        "Our help page explains what to look for. Reply to this message if you would like a list of insurers other "
        "employers use.",
    ),
)


def _user(email: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        raise LookupError(f"The demo account {email} is missing: seed the demo accounts first.")
    return user


@transaction.atomic
def seed_demo_help() -> list[str]:
    manager, adviser = _user(MANAGER_EMAIL), _user(ADVISER_EMAIL)
    owners = {MANAGER_EMAIL: manager, ADVISER_EMAIL: adviser}
    teams = {name: Team.objects.update_or_create(name=name, defaults={"lead": manager})[0] for name in TEAMS}

    topics = {}
    rules = 0
    for demo in TOPICS:
        topic, _ = Topic.objects.update_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "description": demo.description,
                "order": demo.order,
                "team": teams[demo.team],
            },
        )
        topics[demo.slug] = topic
        for phrase, weight in demo.rules:
            TopicRule.objects.update_or_create(
                topic=topic, phrase=phrase, defaults={"weight": weight, "created_by": manager}
            )
            rules += 1

    today = timezone.localdate()
    articles = {}
    for demo in ARTICLES:
        article, _ = Article.objects.update_or_create(
            slug=demo.slug,
            defaults={
                "title": demo.title,
                "summary": demo.summary,
                "topic": topics[demo.topic],
                "audience": demo.audience,
                "body": demo.body.strip(),
                "easy_read_body": demo.easy_read.strip(),
                "keywords": demo.keywords,
                "owner": owners[demo.owner],
                "review_by": today + timedelta(days=demo.review_in_days),
                "is_published": True,
            },
        )
        articles[demo.slug] = article

    for demo in CANNED_REPLIES:
        article = articles[demo.article]
        CannedReply.objects.update_or_create(
            title=demo.title,
            defaults={"body": demo.body, "article": article, "topic": article.topic, "is_active": True},
        )

    easy_read = sum(1 for demo in ARTICLES if demo.easy_read)
    overdue = sum(1 for demo in ARTICLES if demo.review_in_days < 0)
    return [
        f"Help centre: {len(TEAMS)} teams, {len(TOPICS)} topics with {rules} phrases, "
        f"{len(ARTICLES)} articles ({easy_read} in Easy Read, {overdue} overdue for review), "
        f"{len(CANNED_REPLIES)} canned replies."
    ]

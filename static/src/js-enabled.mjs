// GOV.UK Frontend styles some components only when JavaScript runs.
document.body.classList.add("js-enabled", "govuk-frontend-supported");

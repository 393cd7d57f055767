package drafts

import (
	"regexp"
	"strings"
)

// hostileCheck finds what a draft must not contain, unless stated says the
// facts state what it found.
type hostileCheck struct {
	what, note string
	find       func(t string) string
	stated     func(found string, g grounds) bool
}

// hostile lists what no draft may contain, in the order they are reported.
var hostile = []hostileCheck{
	{what: "markup", find: pattern(`[<>]`)},
	{what: "an HTML entity", find: pattern(`&(?:[a-zA-Z][a-zA-Z0-9]{1,31};|#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|(?:lt|gt|quot|apos|amp)(?:[^a-zA-Z]|$))`)},
	{what: "markdown", find: pattern("\\[[^\\]]*\\]\\([^)]*\\)?|\\*\\*|__|`|(?m)^\\s*#+\\s")},
	{what: "a link", find: findLink},
	{what: "an instruction to the reader or model", find: pattern(`(?i)` +
		lead + ignoreVerbs + `[^\p{L}\p{N}_.!?\n](?:[^.!?\n]{0,60}[^\p{L}\p{N}_.!?\n])?` + alt(strongTargets, weakTargets) + trail +
		`|` + lead + forgetVerbs + `(?:[\s,;:]+[\p{L}\p{N}'’-]+){0,3}[\s,;:]+` + alt(weakTargets) + trail +
		`|` + lead + forgetVerbs + alt(` (?:all|alle|toutes|tous|les|the|die|your|deine|ihre|vos|tes)`) + `?` + alt(` (?:previous|vorherigen|précédentes)`) + `?\s+` + alt(strongTargets) + trail +
		`|\b(?:system|assistant|developer)\s*:|\[/?inst\]|<<sys>>|\bim_(?:start|end)\b` +
		`|` + lead + alt(`you are now (?:a|an|the|in|dan)|you must|new task|system prompt|as an ai(?: language)? model|as an ai\s*,|as a language model|new instructions?|write the price|pretend (?:you are|to be)|jailbreak|do anything now`,
		`(?:reply|respond|answer) with your|your (?:password|api key|credentials)|click (?:here|below|on (?:the |this )?link|the link|this link)|tap here|link below`,
		`(?:du bist|sie sind) jetzt (?:ein|eine|der|die|im)|neue aufgabe|systemprompt|neue anweisungen?|schreibe? den preis|dein passwort|ihr passwort|antworte mit|antworten sie mit|klicken sie|klicke hier|klick hier|hier klicken`,
		`(?:tu es|vous êtes) (?:maintenant|désormais) (?:un|une|le|la|en)|fais semblant|faites semblant|nouvelles instructions|nouvelle tâche|prompt système|écris le prix|écrivez le prix|répondez avec|réponds avec|votre mot de passe|ton mot de passe|cliquez|clique ici`) + trail)},
	{what: "a discount or special price", note: " that no product fact states", stated: discountStated, find: pattern(`(?i)` +
		`\d+(?:[.,]\d+)?\s*(?:%|percent|prozent|pourcent)\s*` + alt(`off|discount|rabatt|de réduction|de remise|reduziert|günstiger|billiger|moins cher|cheaper|less`) + trail +
		`|` + lead + alt(`(?:only|nur|seulement) (?:[€$£]\s*\d+|\d+(?:[.,]\d+)?\s*(?:[€$£]|eur|euros?|usd|dollars?|gbp|chf))|discount(?:ed|s)?|special (?:price|offer)|on sale|sale price|clearance (?:sale|price)|save up to|limited(?:[-\s]time)? offer|sonderpreis|sonderangebot|rabatt|(?:jetzt|stark|preis) reduziert|reduziert auf|reduzierter preis|angebot|aktionspreis|remise de \d+|remise (?:immédiate|exceptionnelle|spéciale)|soldes|en solde|promo(?:tion)?s?|prix spécial|offre spéciale|(?:big|summer|winter|flash|mega|huge) sale|sale (?:now|ends|today)|sale\s*!|black friday|cyber monday|schnäppchen|bon plan|best price|lowest price|bestpreis|tiefstpreis|meilleur prix`,
		`\p{L}+ (?:%|percent|prozent|pourcent) (?:cheaper|off|less|günstiger|billiger|reduziert|moins cher|de réduction|de remise)`,
		`(?:save|spare|sparen sie|économisez|économise) (?:up to |bis zu |jusqu'à )?[\p{L}\p{N}.,]+\s*(?:%|percent|prozent|pourcent|euros?|eur)`,
		`half[-\s]price|half off|(?:zum )?halben preis|halber preis|(?:à )?moitié prix|demi-tarif|moitié moins cher`,
		`buy (?:one|1|two|2),? get (?:one|1|two|2)(?: \p{L}+)? free|bogo|two for one|2 for 1|zwei zum preis von einem|deux pour le prix d'un`,
		`free (?:shipping|delivery|gift|returns)|for free|free of charge|versandkostenfrei|kostenlos(?:e[nrs]?)?|gratis|gratuite?s?|gratuitement|livraison offerte|offerte?s?\s*!`) + trail)},
}

// The verbs and objects of instructions to ignore what came before: "ignore"
// with any of the targets in the same sentence; "forget", an everyday word,
// only a few words before a target that points back, or right before rules
// or instructions ("don't forget to preheat the pan before use" passes).
const (
	ignoreVerbs   = `(?:ignore|ignoriere|ignorier|ignorieren|ignorez|ignorer|disregard|missachte|missachten|override|bypass)`
	forgetVerbs   = `(?:forget|vergiss|vergessen|oublie|oubliez|oublier)`
	strongTargets = `instructions?|prompts?|rules?|anweisung|anweisungen|vorgaben|regeln|regel|befehle|consignes?|règles?|directives?`
	weakTargets   = `above|previous|prior|earlier|oben|zuvor|vorher|vorherigen?|obigen?|bisherigen?|précède|précédemment|précédentes?|ci-dessus|(?:everything|anything|all|alles|tout) (?:before|davor|avant)`
)

// pattern returns a finder of the first match of a regular expression.
func pattern(expr string) func(string) string { return regexp.MustCompile(expr).FindString }

// lead and trail are the edges of a whole word. Go's \b knows only ASCII
// letters, so they are spelled out; a match includes them.
const (
	lead  = `(?:^|[^\p{L}\p{N}_])`
	trail = `(?:$|[^\p{L}\p{N}_])`
)

// alt returns a group matching any of the phrases, a space in a phrase
// standing for any run of white space.
func alt(phrases ...string) string {
	return `(?:` + strings.ReplaceAll(strings.Join(phrases, "|"), " ", `\s+`) + `)`
}

// discountStated reports whether a discount phrase states only percentages
// that a typed percentage fact named as a discount holds ("discount": "20%"
// grounds "20% off"). A phrase without a figure, or a fact that merely has
// such a name, grounds nothing.
func discountStated(m string, g grounds) bool {
	ps := percentInRe.FindAllStringSubmatch(m, -1)
	if len(ps) == 0 {
		return false
	}
	for _, p := range ps {
		n, ok := decimal(p[1])
		if !ok || !containsRat(g.discounts, n) {
			return false
		}
	}
	return true
}

var percentInRe = regexp.MustCompile(`(?i)(\d+(?:[.,]\d+)?)\s*(?:%|percent|prozent|pourcent)`)

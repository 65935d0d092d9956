package analyze

import (
	"strings"

	"github.com/casefile/casefile/internal/fold"
)

// stopwordLists are small lists of common words per language: function
// words and the words that often start a sentence in news. A capitalised
// word on this list is not a name by itself ("The", "Die", "Selon").
// Anchors does not know the language, so the lists are used together.
var stopwordLists = map[string]string{
	"en": `a an the and or but nor if then than so as at by for from in into of off on onto out over per to up via with within without
		about above across after against along among around before behind below beneath beside besides between beyond during except
		inside near since through throughout toward towards under until upon
		i me my we us our you your he him his she her it its they them their this that these those there here who whom whose which what
		when where while why how all any both each either neither every few many more most much several some such no not only own same
		other another also too very just still yet even again ever never once already now today yesterday tomorrow
		is are was were be been being am has have had having do does did doing can could may might must shall should will would
		said says say according however although though because whether meanwhile moreover furthermore instead indeed thus therefore
		one two three four five six seven eight nine ten first second third last new next many
		mr mrs ms dr
		monday tuesday wednesday thursday friday saturday sunday
		january february march april may june july august september october november december`,
	"de": `der die das den dem des ein eine einer eines einem einen kein keine keiner keines keinem keinen
		und oder aber doch sondern denn wenn als wie ob dass weil obwohl damit sobald seit seitdem bis bevor nachdem während
		in im ins an am auf aus bei mit nach von vom vor zu zum zur über unter neben zwischen hinter durch für gegen ohne um laut gemäß trotz wegen
		ich du er sie es wir ihr mich dich sich uns euch ihm ihn ihnen mein meine dein sein seine ihre unser unsere euer
		dieser diese dieses diesem diesen jener jene jedes jeder jede alle alles manche mehrere viele einige andere
		ist sind war waren wird werden wurde wurden worden sein gewesen hat haben hatte hatten kann können konnte konnten muss müssen soll sollen will wollen
		auch noch schon nur sehr so nicht nie immer jetzt heute gestern morgen hier dort da dann denn doch jedoch zudem außerdem bereits inzwischen
		eins zwei drei vier fünf sechs sieben acht neun zehn erste zweite dritte
		was wer wo wann warum wieso welche welcher welches e-mail
		montag dienstag mittwoch donnerstag freitag samstag sonntag
		januar februar märz april mai juni juli august september oktober november dezember`,
	"fr": `le la les l un une des du de d au aux à et ou mais donc or ni car si que qu quand lorsque comme puisque
		dans en sur sous par pour avec sans chez entre vers depuis pendant avant après selon contre malgré parmi
		je tu il elle on nous vous ils elles me te se lui leur leurs y ce cet cette ces ceci cela ça
		mon ma mes ton ta tes son sa ses notre nos votre vos qui quoi dont où
		est sont était étaient sera seront a ont avait avaient aura été être avoir fait peut peuvent doit
		ne pas plus moins très aussi encore déjà toujours jamais aujourd hier demain ainsi alors cependant toutefois pourtant
		un deux trois quatre cinq six sept huit neuf dix premier première dernier plusieurs tous toutes tout toute certains certaines`,
	"es": `el la los las lo un una unos unas y e o u ni pero sino que si cuando como porque aunque mientras
		a al de del en con sin por para sobre entre hacia desde hasta según contra durante tras ante bajo
		yo tú él ella ello nosotros nosotras vosotros ellos ellas usted ustedes me te se nos os le les
		mi mis tu tus su sus nuestro nuestra este esta estos estas ese esa esos esas aquel aquella esto eso
		es son era eran fue fueron será ha han había habían ser estar está están puede pueden
		no más menos muy también ya aún todavía hoy ayer mañana así sin embargo además
		uno dos tres cuatro cinco seis siete ocho nueve diez primer primero primera varios todos todas`,
	"it": `il lo la i gli le l un uno una e ed o ma se che quando come perché mentre anche
		di del dello della dei degli delle a al allo alla ai agli alle da dal dalla dai in nel nella nei nelle
		con col su sul sulla per tra fra secondo contro durante dopo prima senza verso
		io tu lui lei noi voi loro mi ti si ci vi gli ne suo sua suoi sue nostro nostra questo questa questi queste quello quella
		è sono era erano sarà ha hanno aveva avevano essere stato stata può possono
		non più meno molto già ancora oggi ieri domani così però inoltre
		uno due tre quattro cinque sei sette otto nove dieci primo prima tutti tutte alcuni`,
	"pt": `o a os as um uma uns umas e ou mas nem que se quando como porque embora enquanto
		de do da dos das em no na nos nas ao aos à às por pelo pela pelos pelas para com sem sobre entre até desde segundo contra durante após
		eu tu ele ela nós vós eles elas você vocês me te se lhe lhes meu minha seu sua seus suas nosso nossa este esta estes estas esse essa isso isto aquele aquela
		é são era eram foi foram será tem têm tinha ser estar está estão pode podem
		não mais menos muito já ainda hoje ontem amanhã assim também porém além
		dois duas três quatro cinco seis sete oito nove dez primeiro primeira vários todos todas`,
	"nl": `de het een en of maar want dus als dan dat die dit deze wie wat waar wanneer hoe omdat hoewel terwijl
		in op aan te van voor met door bij uit naar over onder tussen tegen zonder na tot sinds volgens tijdens
		ik jij je u hij zij ze wij we jullie hen hun hem haar mijn jouw uw zijn ons onze
		is zijn was waren wordt worden werd werden heeft hebben had hadden kan kunnen moet moeten zal zullen
		niet geen ook nog al wel maar zeer erg vandaag gisteren morgen echter bovendien
		twee drie vier vijf zes zeven acht negen tien eerste alle enkele`,
}

// stopwords holds the folded keys of all stopwordLists.
var stopwords = func() map[string]bool {
	m := make(map[string]bool)
	for _, list := range stopwordLists {
		for _, w := range strings.Fields(list) {
			m[fold.Key(w)] = true
		}
	}
	return m
}()

// connectors join the words of one multi-word name ("Bank of England",
// "Kreisrat von Husum", "Banque de France"); they never start or end a
// name. Conjunctions ("and", "und", "et", "y") are not connectors: they
// join names of different things.
var connectors = wordSet("of for the de du des la le del della dello dei di da do dos das von vom zu zur der den van ter al bin ibn")

// germanConnectors are the connectors that may join a German name
// ("Kreisrat von Husum"): der, des and den join common nouns too often
// ("Zeitpunkt des Verfassens").
var germanConnectors = wordSet("von vom zu zur")

// germanArticles (and number words) precede common nouns, which German
// capitalises.
var germanArticles = wordSet("der die das den dem des ein eine einer eines einem einen kein keine keiner keinem keinen dieser diese dieses diesem diesen jeder jede jedes jedem jeden seine seiner seinem seinen ihre ihrer ihrem ihren unsere unserer unserem unseren alle zwei drei vier fünf sechs sieben acht neun zehn mehrere einige viele")

// orgHeads end institutional names after a possessive: "Royal
// Children's Hospital", "People's Bank".
var orgHeads = wordSet("office offices bank hospital court department service services union party association league museum church college university school centre center agency commission council fund trust foundation ministry bureau")

// elisions are the French and Italian words elided before a vowel
// (l’, d’, qu’, lorsqu’, dell’ …): the word after the apostrophe counts.
var elisions = wordSet("l d j m n s t c qu lorsqu puisqu jusqu quoiqu presqu dell dall nell sull all coll quell un")

// germanNounSuffixes end common German nouns rather than names.
var germanNounSuffixes = []string{
	"ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen", "tät", "täten",
	"ismus", "nis", "nisse", "tum", "ling", "chen", "lein", "ment", "ik", "ie", "ien", "enz", "anz", "sicht",
	"stelle", "rat", "räte", "systeme", "system", "dienste", "dienst", "daten", "angriff", "vorfall", "sprecher", "behörde", "behörden",
}

// germanNoun reports whether a capitalised single word of German text
// is likely a common noun: it follows an article, determiner or number
// word, is a long compound, or ends with a noun suffix. (A word after an
// inflected adjective would be a noun too, but German verbs end the same
// way: "sagte Müller".)
func germanNoun(word, prev string) bool {
	if germanArticles[strings.ToLower(prev)] {
		return true
	}
	lower := strings.ToLower(word)
	if len([]rune(lower)) >= 13 {
		return true
	}
	for _, s := range germanNounSuffixes {
		if strings.HasSuffix(lower, s) && len(lower) > len(s)+2 {
			return true
		}
	}
	return false
}

# ruff: noqa: RUF001
"""Demo reflections loaded by manage.py load_demo, written for this project."""

REFLECTIONS = {
    "the-finish-line": [
        {
            "name": "Amara Okafor",
            "text": (
                "I’ve watched this maybe twenty times and I still go at exactly the same moment: "
                "when his dad shoves past the official in the cap and just keeps walking. He "
                "didn’t ask anyone’s permission."
            ),
            "hours_after": 1,
        },
        {
            "name": "Seán O'Brien",
            "text": "wow",
            "hours_after": 2,
        },
        {
            "name": "Anne-Marie Dubois",
            "text": (
                "I was eleven and watched this with my father in our kitchen in Lyon. Neither of "
                "us said anything for a long time afterwards. He died last spring, and this is the "
                "first time I’ve watched it since."
            ),
            "hours_after": 3,
        },
        {
            "name": "Zoë Hartley",
            "text": "Thank you for this.",
            "hours_after": 4,
        },
        {
            "name": "José Manuel Ortega",
            "text": (
                "I coach a small running club for teenagers, and every September I show them this "
                "before the first track session. I don’t say anything beforehand. I just press "
                "play.\n"
                "\n"
                "What they notice changes every year. One year a boy asked why Derek didn’t just "
                "stop, since the race was already lost. A girl answered before I could: because he "
                "had decided where the finish was, not the race. I still think about that."
            ),
            "hours_after": 5,
        },
        {
            "name": "Łukasz Wiśniewski",
            "text": (
                "The part that gets me is that he tries to wave his dad away at first. Even then "
                "he wanted to do it himself."
            ),
            "hours_after": 6,
        },
        {
            "name": "Nguyễn Thị Lan",
            "text": (
                "My son is in physio after a knee operation and gets so discouraged. We watched "
                "this together tonight. He didn’t say much, but he did his exercises afterwards "
                "without me asking."
            ),
            "hours_after": 7,
        },
        {
            "name": "李静怡",
            "text": "看了三遍。父亲冲下看台的那一刻，我还是哭了。",
            "hours_after": 8,
        },
        {
            "name": "Αλέξανδρος Παπαδάκης",
            "text": (
                "I’m a physiotherapist, and every professional instinct I have is shouting at him "
                "to sit down and wait for the stretcher. A torn hamstring is brutal to move on. "
                "Professionally, I wince. Personally, I’m in bits."
            ),
            "hours_after": 9,
            "replies": [
                {
                    "name": "mo_runs",
                    "text": (
                        "serious question from someone with dodgy hamstrings: how long would it "
                        "even take to come back from a tear like that?"
                    ),
                    "hours_after": 11,
                },
                {
                    "name": "Αλέξανδρος Παπαδάκης",
                    "text": (
                        "It depends on the grade, but a complete tear can mean surgery and months "
                        "of rehab before you run again. If yours keep niggling, please get them "
                        "properly assessed rather than just stretching and hoping!"
                    ),
                    "hours_after": 14,
                },
            ],
        },
        {
            "name": "Олена Коваленко",
            "text": "Дякую. Іноді дуже потрібно побачити, що когось не залишають самого.",
            "hours_after": 10,
        },
        {
            "name": "محمد الحسيني",
            "text": (
                "Sixty-five thousand people on their feet for a man who was never going to make "
                "the final. That’s the part I want my children to see."
            ),
            "hours_after": 11,
        },
        {
            "name": "佐藤 美咲",
            "text": (
                "I’m a nurse and I watched this on my break at 3 a.m. The ward is quiet, "
                "everyone’s tired, and now I’ve got something in my eye. Back to work."
            ),
            "hours_after": 12,
        },
        {
            "name": "박서연",
            "text": (
                "He tore his hamstring and still decided the race wasn’t over. I failed my driving "
                "test twice this month and was about to give up. Booking the third one tomorrow."
            ),
            "hours_after": 13,
            "replies": [
                {
                    "name": "Tomás Ferreira",
                    "text": (
                        "Third time’s the one! My sister passed on her fourth attempt and she’s "
                        "now the calmest driver in our family. Good luck."
                    ),
                    "hours_after": 17,
                },
            ],
        },
        {
            "name": "देवी",
            "text": "मैंने यह वीडियो अपनी बेटी को दिखाया। उसने पूछा कि वे लोग उसके पापा को रोक क्यों रहे थे।",
            "hours_after": 14,
        },
        {
            "name": "Priya 🌻",
            "text": "Every single time.",
            "hours_after": 15,
        },
        {
            "name": "mo_runs",
            "text": (
                "ran my first 10k on sunday and came in nearly last. watched this after and "
                "honestly feel pretty good about it now"
            ),
            "hours_after": 16,
        },
        {
            "name": "Kofi",
            "text": (
                "The officials trying to steer his dad off the track, and his dad just… not having "
                "it."
            ),
            "hours_after": 17,
        },
        {
            "name": "Ingrid Solberg",
            "text": (
                "My father was not a demonstrative man. He never came to my races because he "
                "worked Saturdays, and I told myself it didn’t matter.\n"
                "\n"
                "When I was twenty-six I ran a marathon and hit the wall at about thirty "
                "kilometres. I was walking, close to tears, and suddenly he was beside me on the "
                "pavement in his work jacket. He had driven two hours and never told me he was "
                "coming. He walked with me for a kilometre, said almost nothing, and then told me "
                "to go on.\n"
                "\n"
                "I thought of him the moment Jim Redmond came onto the track."
            ),
            "hours_after": 18,
        },
        {
            "name": "Tomás Ferreira",
            "text": (
                "If you want the whole story, including Seoul and all the operations before "
                "Barcelona, it’s worth reading: https://en.wikipedia.org/wiki/Derek_Redmond"
            ),
            "hours_after": 19,
        },
        {
            "name": "Margaret Ellis",
            "text": (
                "I’m seventy-four and I watched this live on the television in 1992. I remember my "
                "husband standing up in the living room as if the people in the stadium could see "
                "him. Thirty-odd years later it hasn’t worn thin at all."
            ),
            "hours_after": 20,
        },
        {
            "name": "Dmitri Volkov",
            "text": (
                "What strikes me is how quiet it is for those first seconds after he goes down. "
                "Then the whole stadium slowly realises what he’s doing."
            ),
            "hours_after": 21,
        },
        {
            "name": "Fatima Zahra Benali",
            "text": (
                "Teacher here. Showing this to my Year 9s on Monday for our unit on resilience. "
                "They pretend not to care about anything, so I’ll report back."
            ),
            "hours_after": 22,
            "replies": [
                {
                    "name": "Leila Nasser",
                    "text": (
                        "Please do! I tried it with a Year 10 class last term and the loudest boy "
                        "in the room went completely quiet, then asked if we could watch it again."
                    ),
                    "hours_after": 25,
                },
                {
                    "name": "Fatima Zahra Benali",
                    "text": (
                        "Reporting back, Leila: two of them asked to watch it again, and one wrote "
                        "a whole page in her journal about her grandmother. Not bad for a Monday."
                    ),
                    "hours_after": 92,
                },
            ],
        },
        {
            "name": "Hannah Kowalczyk",
            "text": "Not crying. Definitely not crying.",
            "hours_after": 23,
        },
        {
            "name": "Rahul Mehta",
            "text": (
                "It’s strange: I know exactly how this ends, and my heart still races when he gets "
                "up after the fall, as if this time he might not."
            ),
            "hours_after": 24,
        },
        {
            "name": "Siobhán Ní Bhriain",
            "text": "Watched it on the bus.\nBig mistake.",
            "hours_after": 25,
        },
        {
            "name": "Jürgen Becker",
            "text": (
                "I was a steward at athletics meetings for years. Our job is to keep people off "
                "the track, and we are good at it. I have never been so glad to see someone get "
                "past us."
            ),
            "hours_after": 26,
        },
        {
            "name": "Aisha Mohammed",
            "text": (
                "Officially the result says ‘did not finish’. I think that might be the least "
                "accurate result in Olympic history."
            ),
            "hours_after": 27,
        },
        {
            "name": "Chloé Martin",
            "text": "The hopping. He chose to hop. I can’t stop thinking about it.",
            "hours_after": 28,
        },
        {
            "name": "Björn Lindqvist",
            "text": (
                "As a dad of two boys: I hope I’d have the sense to run down those stairs too. I "
                "hope I never have to find out."
            ),
            "hours_after": 29,
        },
        {
            "name": "Grace Mwangi",
            "text": (
                "Last year I was made redundant, my mother was ill, and for a while every week "
                "felt like that back straight. A friend of mine didn’t give speeches or advice. "
                "She turned up every Thursday evening with groceries and sat with me while I did "
                "the paperwork.\n"
                "\n"
                "Until I watched this I didn’t understand why those evenings mattered so much. She "
                "wasn’t carrying me. She was making sure I wasn’t doing it alone.\n"
                "\n"
                "I’ve just called her to say so."
            ),
            "hours_after": 30,
        },
        {
            "name": "Mateo Rossi",
            "text": (
                "Did anyone else notice he keeps looking at the finish line, not at the ground? "
                "Even in all that pain he knew where he was going."
            ),
            "hours_after": 31,
        },
        {
            "name": "Yuki Tanaka",
            "text": (
                "I’m a student and my exams start next week. Not the same thing at all, obviously, "
                "but I needed to see somebody keep moving when it hurts."
            ),
            "hours_after": 32,
        },
        {
            "name": "Kerry-Ann Campbell",
            "text": (
                "My grandad used to say that the people who love you will come down from the "
                "stands. I never knew where he got it from. Now I think I might."
            ),
            "hours_after": 33,
        },
        {
            "name": "Oluwaseun Adeyemi",
            "text": (
                "Running coach in Lagos. I tell my athletes that the race you planned is not "
                "always the race you get. This is the clearest picture of that I know."
            ),
            "hours_after": 34,
        },
        {
            "name": "Sofía Ramírez",
            "text": "Lo vi con mi papá. No dijimos nada, pero me apretó la mano.",
            "hours_after": 35,
        },
        {
            "name": "Ahmet Yılmaz",
            "text": (
                "I’ve refereed amateur football for fifteen years and I know that urge to follow "
                "the rules to the letter. Sometimes the rules need to step aside for a minute."
            ),
            "hours_after": 36,
        },
        {
            "name": "Ellie Brooks",
            "text": (
                "My PE teacher showed us this on our last day of school. That was twelve years ago "
                "and I still remember where I was sitting."
            ),
            "hours_after": 38,
        },
        {
            "name": "jess.m",
            "text": "ok that was not the gentle monday morning video i was expecting",
            "hours_after": 40,
        },
        {
            "name": "Aroha Ngata",
            "text": "Kia kaha, Derek. Thirty years late, but still.",
            "hours_after": 42,
        },
        {
            "name": "Vikram Nair",
            "text": (
                "I had a stroke at forty-eight. In rehab they had me walking between two parallel "
                "bars, ten metres, and for the first three weeks I couldn’t do it.\n"
                "\n"
                "My daughter came every afternoon and stood at the far end. She didn’t cheer or "
                "push. She just stood where I could see her. When I finally made it, she cried "
                "more than I did.\n"
                "\n"
                "We watched this together last night. She said, ‘That’s us.’ I said, ‘Your hair is "
                "better.’"
            ),
            "hours_after": 44,
            "replies": [
                {
                    "name": "Anne-Marie Dubois",
                    "text": (
                        "‘Your hair is better’ made me laugh out loud. I hope your recovery keeps "
                        "going well, Vikram, and that your daughter knows how much those "
                        "afternoons at the end of the bars mattered."
                    ),
                    "hours_after": 50,
                },
            ],
        },
        {
            "name": "Noor Haddad",
            "text": (
                "Thank you for including Seoul in the story. I didn’t know he’d already had to "
                "withdraw once. It makes him getting back up even harder to watch."
            ),
            "hours_after": 46,
        },
        {
            "name": "Paul Whitcombe",
            "text": "Powerful.",
            "hours_after": 48,
        },
        {
            "name": "Catarina Sousa",
            "text": (
                "I work in palliative care, and I’ve started thinking of families in exactly these "
                "terms: the ones who come down the stairs. You can’t always change how the race "
                "goes. You can change who is next to you for it."
            ),
            "hours_after": 50,
        },
        {
            "name": "Marek Novák",
            "text": (
                "Everyone I know who has torn a hamstring says it feels like being kicked hard "
                "from behind. Hopping the rest of the way on the other leg is something else. If "
                "you’re curious what actually gives way: https://en.wikipedia.org/wiki/Hamstring"
            ),
            "hours_after": 52,
        },
        {
            "name": "Thandiwe Dlamini",
            "text": (
                "My mom sent me this with no message, just the link. I called her and we talked "
                "for an hour. It’s been a while since we did that."
            ),
            "hours_after": 54,
        },
        {
            "name": "Lars Eriksen",
            "text": "Saving this for the days when I think I’m too tired to finish something.",
            "hours_after": 56,
        },
        {
            "name": "Mei Lin Tan",
            "text": "Barely a minute of footage.\nA whole lifetime of father and son in it.",
            "hours_after": 58,
        },
        {
            "name": "Coach Rivera",
            "text": (
                "Showed this to my under-12s basketball team after a 40-point loss. Nobody talked "
                "about the score on the bus home."
            ),
            "hours_after": 60,
        },
        {
            "name": "Beatriz Oliveira",
            "text": (
                "Two people, one lane, and a stadium that understood exactly what it was seeing."
            ),
            "hours_after": 62,
        },
        {
            "name": "D'Arcy Fitzgerald",
            "text": (
                "Funny how the moment everyone remembers from that semi-final isn’t the winner. I "
                "had to look up who actually won it. I have never once needed to look up the name "
                "of the man leaning on his dad."
            ),
            "hours_after": 64,
        },
        {
            "name": "Nina ✨",
            "text": "That arm around the shoulder. That’s the whole video, really.",
            "hours_after": 67,
        },
        {
            "name": "Rosa Delgado",
            "text": (
                "My brother has MS and walks with a stick now. He used to run cross-country. I’m "
                "going to watch this with him on Sunday, and then we’re going for a very slow walk "
                "round the park, together."
            ),
            "hours_after": 70,
        },
        {
            "name": "Hamid Rahimi",
            "text": (
                "Nobody remembers the time he might have run. Everybody remembers that he refused "
                "to stop."
            ),
            "hours_after": 73,
        },
        {
            "name": "Karin Vogel",
            "text": (
                "I was the slowest child at every school sports day. I always came last, and a "
                "teacher always walked the final stretch with me. I didn’t realise until today how "
                "kind that was."
            ),
            "hours_after": 76,
        },
        {
            "name": "Eilidh MacLeod",
            "text": "Came back to watch this again after a rough week. Still works.",
            "hours_after": 79,
        },
        {
            "name": "Min-jun Park",
            "text": (
                "I run ultramarathons, and people ask what I think about in the last twenty "
                "kilometres when everything hurts. Honestly, I think about this clip.\n"
                "\n"
                "Not the hopping, though that’s incredible. I think about the moment his dad "
                "reaches him and he breaks down on his shoulder. You can be as tough as you like, "
                "and it still matters who comes to find you."
            ),
            "hours_after": 82,
        },
    ],
    "caines-arcade": [
        {
            "name": "Priya 🌻",
            "text": (
                "The moment the crowd comes round the corner and Caine realises they’re all there "
                "for him. His face. I had to pause it."
            ),
            "hours_after": 4,
        },
        {
            "name": "Gabriel Costa",
            "text": (
                "My daughter is eight and has been building a ‘hotel’ for her stuffed animals out "
                "of shoeboxes in our hallway for three weeks. I’ve mostly been stepping around it "
                "and asking when she’s going to tidy it up.\n"
                "\n"
                "After watching this, I asked if I could book a room. She made me a key card out "
                "of a cereal box and charged me two euros for the night. Best money I’ve spent all "
                "year."
            ),
            "hours_after": 9,
        },
        {
            "name": "山本 葵",
            "text": (
                "The Fun Pass with its calculator security check is honestly cleverer than some of "
                "the systems I have to log into at work."
            ),
            "hours_after": 22,
            "replies": [
                {
                    "name": "Ollie Bennett",
                    "text": (
                        "Ha, I thought exactly the same! And five hundred turns for two dollars is "
                        "a better deal than any arcade I grew up with."
                    ),
                    "hours_after": 27,
                },
            ],
        },
        {
            "name": "Margaret Ellis",
            "text": (
                "His dad deserves some credit too, for letting him turn the front of the shop into "
                "an arcade for a whole summer. Plenty of parents would have said no."
            ),
            "hours_after": 51,
        },
        {
            "name": "Rui Nakamura",
            "text": (
                "Everything that came afterwards is lovely, but for me the best bit is still one "
                "grown-up wandering in for a car part, asking ‘how much to play?’ and meaning it."
            ),
            "hours_after": 130,
        },
    ],
    "the-power-of-vulnerability": [
        {
            "name": "Jonas Weber",
            "text": (
                "The point about not being able to numb feelings selectively, that if you numb the "
                "hard ones you numb the joy as well. I needed to hear that this week."
            ),
            "hours_after": 3,
        },
        {
            "name": "Ruth Abernathy",
            "text": (
                "I’m a retired family doctor. For most of my career I thought my job was to look "
                "certain, because patients were frightened and certainty seemed like a kindness.\n"
                "\n"
                "The patients I remember best, though, are the ones I was honest with: ‘I don’t "
                "know yet, but I’m not going anywhere.’ I didn’t have the language for it then. "
                "She gives it a name."
            ),
            "hours_after": 8,
        },
        {
            "name": "tamsin",
            "text": (
                "the breakdown vs ‘spiritual awakening’ joke got me. so did the rest of it, "
                "quietly, on the sofa at 1am"
            ),
            "hours_after": 20,
        },
        {
            "name": "Karim Benjelloun",
            "text": (
                "I’m an engineer and, like her, I’ve always trusted what I can measure. It was "
                "oddly comforting to watch a researcher admit the data pushed her somewhere she "
                "didn’t want to go."
            ),
            "hours_after": 46,
            "replies": [
                {
                    "name": "Ruth Abernathy",
                    "text": (
                        "Same here, Karim. I think that’s why it reaches people like us. She "
                        "didn’t come to it from the self-help shelf. She came to it kicking and "
                        "screaming, clutching her spreadsheets."
                    ),
                    "hours_after": 55,
                },
            ],
        },
        {
            "name": "Zoë Hartley",
            "text": (
                "Asked my partner how he was really doing tonight, like the action says. We ended "
                "up talking until midnight."
            ),
            "hours_after": 160,
        },
    ],
    "three-stories-stanford": [
        {
            "name": "Ana Lucía Torres",
            "text": (
                "The calligraphy class always makes me smile. Something he took for no practical "
                "reason ended up shaping how the letters look on the screens we all use."
            ),
            "hours_after": 5,
        },
        {
            "name": "Wei Chen",
            "text": (
                "I dropped out of university in my second year and felt ashamed of it for a long "
                "time. ‘You can’t connect the dots looking forward’ was the kindest thing anyone "
                "said to me that year, and he had no idea I existed."
            ),
            "hours_after": 18,
        },
        {
            "name": "Bernadette Kelly",
            "text": (
                "I was let go from a job I loved when I was thirty-four, by people I had hired "
                "myself. For about a year I couldn’t talk about it without my voice shaking.\n"
                "\n"
                "The first time I watched this, hearing him say that being pushed out of his own "
                "company was the best thing that could have happened to him just annoyed me. I "
                "wasn’t ready. The second time, years later, I realised it had been true for me as "
                "well.\n"
                "\n"
                "I run a small bakery now. It’s the best job I’ve ever had."
            ),
            "hours_after": 60,
        },
        {
            "name": "Felix Wagner",
            "text": (
                "The Whole Earth Catalog bit sent me down a rabbit hole for an entire evening. "
                "Following a small curiosity, as instructed."
            ),
            "hours_after": 300,
        },
    ],
    "a-pep-talk": [
        {
            "name": "Sunita Rao",
            "text": (
                "I teach Year 2 and we watch this every January. By now half the class can do the "
                "whole speech, voice and all."
            ),
            "hours_after": 2,
        },
        {
            "name": "Diego Fuentes",
            "text": (
                "The road less travelled bit, where he took it and it hurt. I quote that at work "
                "at least once a month and nobody has stopped me yet."
            ),
            "hours_after": 11,
        },
        {
            "name": "Hélène Moreau",
            "text": (
                "Learning that he lives with osteogenesis imperfecta made the energy he brings "
                "even more remarkable to me. For anyone else who hadn’t heard of it: "
                "https://en.wikipedia.org/wiki/Osteogenesis_imperfecta"
            ),
            "hours_after": 40,
        },
        {
            "name": "Baba Femi",
            "text": (
                "I am seventy years old and a small boy in a suit has told me to stop being "
                "boring. I have taken his advice and signed up for a pottery class."
            ),
            "hours_after": 200,
        },
    ],
    "the-mountain": [
        {
            "name": "Ximena",
            "text": (
                "Full screen, lights off, headphones on. Three minutes of not thinking about "
                "anything else."
            ),
            "hours_after": 6,
        },
        {
            "name": "Erik Haugen",
            "text": (
                "A sandstorm that should have ruined the whole trip turns the sky gold instead. "
                "Best accidental metaphor I’ve come across in a while."
            ),
            "hours_after": 15,
        },
        {
            "name": "Carmen Hernández",
            "text": (
                "I grew up in La Laguna, and we used to drive up to the Teide with my grandfather "
                "to look at the stars. He could name every one of them, or at least he said he "
                "could, and we believed him.\n"
                "\n"
                "I live in Madrid now, where on a good night you can see about six. Thank you for "
                "giving me back the sky I grew up under, even if only for three minutes."
            ),
            "hours_after": 70,
        },
        {
            "name": "astro_sam",
            "text": (
                "If you ever get the chance, the observatory up there runs visits. Worth every "
                "hairpin bend on the way: https://en.wikipedia.org/wiki/Teide_Observatory"
            ),
            "hours_after": 400,
        },
    ],
    "make-your-bed": [
        {
            "name": "Daniel Whitaker",
            "text": (
                "Served twelve years. He’s right about the mud and the singing. Nobody tells you "
                "that what gets you through is usually one person refusing to be miserable."
            ),
            "hours_after": 3,
        },
        {
            "name": "Amina Yusuf",
            "text": (
                "I started making my bed every morning after this, half as a joke. Eight months "
                "later I still do it, and on the worst days it’s the one thing I know I got done."
            ),
            "hours_after": 9,
        },
        {
            "name": "Ji-woo Han",
            "text": (
                "The sugar cookie story is so specific and so unfair, and that’s exactly why it "
                "works. Sometimes you do everything right and still end up covered in sand."
            ),
            "hours_after": 30,
            "replies": [
                {
                    "name": "Daniel Whitaker",
                    "text": (
                        "Can confirm, and the sand stays with you for days. The instructors "
                        "weren’t being cruel for the fun of it, though. They wanted us to learn "
                        "early that it isn’t always fair, and that you keep going anyway."
                    ),
                    "hours_after": 34,
                },
            ],
        },
        {
            "name": "Helga Brandt",
            "text": (
                "Don’t judge people by the size of their flippers. Writing that on a sticky note "
                "for my desk."
            ),
            "hours_after": 75,
        },
        {
            "name": "Kwame Asante",
            "text": (
                "Watched this with my son before he started his apprenticeship. He rolled his eyes "
                "at the bed part. This morning I walked past his room and it was made."
            ),
            "hours_after": 500,
        },
    ],
    "the-best-stats": [
        {
            "name": "Astrid Nilsson",
            "text": (
                "He commentates a bubble chart like it’s the last lap of a horse race, and somehow "
                "it’s the most exciting thing I’ve watched all week."
            ),
            "hours_after": 4,
        },
        {
            "name": "Samuel Osei",
            "text": (
                "Public health student here. We were shown this in our very first lecture and it "
                "comes up in every module since. The idea that ‘developing world’ hides more than "
                "it explains changed how I read every report."
            ),
            "hours_after": 12,
        },
        {
            "name": "Leticia Moraes",
            "text": (
                "I took the action and looked up child mortality in my parents’ home country. It "
                "has fallen by more than half since I was born, and I had no idea. The tools from "
                "the talk are free to play with at https://www.gapminder.org if anyone else wants "
                "to try."
            ),
            "hours_after": 52,
        },
        {
            "name": "Pieter de Vries",
            "text": (
                "He got people arguing about data at dinner parties, which is no small thing. I "
                "miss him."
            ),
            "hours_after": 210,
        },
    ],
    "the-danger-of-a-single-story": [
        {
            "name": "Chiamaka Eze",
            "text": (
                "When she describes her roommate asking to hear her ‘tribal music’, I laughed and "
                "winced at the same time. I’ve had that conversation more times than I can count."
            ),
            "hours_after": 2,
        },
        {
            "name": "Ethan Brooks",
            "text": (
                "The part where she admits she did it too, with Fide’s family and later in Mexico, "
                "is what makes this so generous. She isn’t pointing at us. She’s standing next to "
                "us."
            ),
            "hours_after": 10,
            "replies": [
                {
                    "name": "Chiamaka Eze",
                    "text": (
                        "Yes! That’s what I tell people who expect a lecture. She catches herself "
                        "in the act and quietly invites you to do the same."
                    ),
                    "hours_after": 17,
                },
            ],
        },
        {
            "name": "Anjali Sharma",
            "text": (
                "I’m a librarian in a primary school. After watching this a few years ago I went "
                "through our picture books and counted how many had children who looked like the "
                "children in our school. It was not many.\n"
                "\n"
                "We’ve changed a lot since then. Last month a girl in Year 1 picked up a new book, "
                "pointed at the cover and said, ‘She has my hair.’ I think about this talk every "
                "time I order books now."
            ),
            "hours_after": 36,
        },
        {
            "name": "Yusuf Demir",
            "text": (
                "She mentions discovering African writers as a child and how it changed what she "
                "thought books could be about. I’ve just ordered Things Fall Apart. Thirty-eight "
                "years old and I’d never read it."
            ),
            "hours_after": 90,
        },
        {
            "name": "Олександр Бондар",
            "text": (
                "Мені, як українцю, це дуже близько. Про нас теж часто розповідають лише одну "
                "історію."
            ),
            "hours_after": 400,
        },
    ],
    "grit": [
        {
            "name": "Rachel Goldberg",
            "text": (
                "Former maths teacher here too. The students who did best in my class were almost "
                "never the ones who found it easiest. Nice to hear someone say it out loud."
            ),
            "hours_after": 5,
        },
        {
            "name": "Kenji Watanabe",
            "text": (
                "I appreciate that she ends by admitting she doesn’t know how to build grit. Most "
                "talks would have sold you a five-step plan."
            ),
            "hours_after": 20,
            "replies": [
                {
                    "name": "Lindiwe Khumalo",
                    "text": (
                        "Same, Kenji. The link above about its critics is worth reading too. I "
                        "liked that this page put it there instead of pretending the question is "
                        "settled."
                    ),
                    "hours_after": 28,
                },
            ],
        },
        {
            "name": "ana_b",
            "text": (
                "Took the action: got my guitar down from the top of the wardrobe for the first "
                "time in four years. Fifteen minutes. My fingertips hurt. Going again tomorrow."
            ),
            "hours_after": 70,
        },
        {
            "name": "Walter Finch",
            "text": (
                "A marathon, not a sprint. I’m sixty-eight and learning Spanish.\n"
                "Slowly. Very slowly. But most days."
            ),
            "hours_after": 600,
        },
    ],
    "do-schools-kill-creativity": [
        {
            "name": "Sione Taufa",
            "text": (
                "The story of the girl who couldn’t sit still gets me every time. One adult who "
                "turned the radio on and watched instead of diagnosing. Imagine how many children "
                "never met that doctor."
            ),
            "hours_after": 3,
        },
        {
            "name": "Kateřina Dvořáková",
            "text": (
                "The little girl drawing a picture of God, and her answer when the teacher says "
                "nobody knows what God looks like. Pure joy."
            ),
            "hours_after": 8,
        },
        {
            "name": "Emeka Nwosu",
            "text": (
                "I teach art in a secondary school, and every year art gets a little less time on "
                "the timetable. This talk is nearly twenty years old and it could have been "
                "written about my staffroom last Tuesday.\n"
                "\n"
                "And yet. Last week a boy who hasn’t said ten words to me all year stayed behind "
                "to finish a clay model of his grandmother’s hands. He missed his bus. He didn’t "
                "care. I’m holding on to moments like that."
            ),
            "hours_after": 26,
        },
        {
            "name": "Lucía Navarro",
            "text": (
                "My son was the child who couldn’t sit still. He’s a chef now and moves around a "
                "kitchen like it’s choreography. I wish someone had shown his teachers this talk "
                "back then."
            ),
            "hours_after": 80,
        },
        {
            "name": "Jules Laurent",
            "text": (
                "Drew with my niece this afternoon, as the action suggests. She drew a horse with "
                "six legs because it would be faster that way. Hard to argue."
            ),
            "hours_after": 900,
        },
    ],
    "the-last-lecture": [
        {
            "name": "Anna Kowalska",
            "text": (
                "The brick walls being there to show how badly we want something. I’ve had that on "
                "a sticky note on my monitor for eleven years."
            ),
            "hours_after": 4,
        },
        {
            "name": "Marcus Bell",
            "text": (
                "I’m a software engineer because of Alice. I was thirteen, I made a penguin slide "
                "off an iceberg, and I’ve been hooked ever since."
            ),
            "hours_after": 12,
        },
        {
            "name": "Helen Park",
            "text": (
                "I watched this for the first time in a hospital waiting room while my husband was "
                "having scans. I don’t know why I chose that moment. I think I wanted someone to "
                "tell me how to be brave.\n"
                "\n"
                "What I got instead was a man doing push-ups on stage and talking about stuffed "
                "animals and Captain Kirk. It made me laugh, which I badly needed.\n"
                "\n"
                "My husband is well now. Last week we watched the ending together, where he "
                "explains who the lecture was really for, and neither of us could speak for a "
                "while."
            ),
            "hours_after": 40,
            "replies": [
                {
                    "name": "Sadia Islam",
                    "text": (
                        "I’m so glad your husband is well, Helen. The ending lands differently "
                        "once you’ve sat in one of those waiting rooms. Thank you for telling us."
                    ),
                    "hours_after": 50,
                },
            ],
        },
        {
            "name": "Kiri",
            "text": "Tigger or Eeyore. Going to try very hard to be a Tigger this week.",
            "hours_after": 100,
        },
        {
            "name": "Stefan Horvat",
            "text": (
                "The head fake at the end. Over an hour in and I never saw it coming. There’s a "
                "book too, if you want more: https://en.wikipedia.org/wiki/The_Last_Lecture"
            ),
            "hours_after": 250,
        },
        {
            "name": "Paula Jiménez",
            "text": (
                "Took the action and wrote to my old chemistry teacher. She answered within a day, "
                "remembered my name, and said she still had a model I built for her class in 1998. "
                "I’m forty-three and I cried at the kitchen table."
            ),
            "hours_after": 1200,
        },
    ],
}

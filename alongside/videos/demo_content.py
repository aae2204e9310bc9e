# ruff: noqa: RUF001  (typographic apostrophes in the prose are intentional)
"""Demo content for Alongside, loaded by ``manage.py load_demo``.

Everything here was written for this project: the topic descriptions, summaries, stories and
actions are original text. The videos themselves belong to their publishers and are only linked.
This module holds plain data and imports nothing.
"""

TOPICS = [
    {
        "name": "Perseverance",
        "slug": "perseverance",
        "description": "People who kept going when stopping would have been easier.",
    },
    {
        "name": "Kindness",
        "slug": "kindness",
        "description": "Small, deliberate acts of care, and the difference they make.",
    },
    {
        "name": "Curiosity",
        "slug": "curiosity",
        "description": "Questions worth asking, and the people who followed them somewhere new.",
    },
    {
        "name": "Community",
        "slug": "community",
        "description": "What becomes possible when people show up for one another.",
    },
]

VIDEOS = [
    {
        "slug": "the-finish-line",
        "title": "The Finish Line: Derek Redmond, Barcelona 1992",
        "summary": (
            "An Olympic semi-final, a torn hamstring, and a father who would not let his son "
            "finish alone."
        ),
        "source_url": "https://www.youtube.com/watch?v=kZlXWp6vFdE",
        "alternate_url": (
            "https://olympics.com/en/original-series/episode/"
            "redmond-s-olympic-heartache-brings-fame-and-praise"
        ),
        "alternate_label": "Watch the story on Olympics.com",
        "credit": "Barcelona 1992 Olympic Games footage",
        "duration_seconds": 180,
        "story": [
            "Derek Redmond came to Barcelona in the summer of 1992 as one of Britain’s best "
            "400-metre runners, and with something to prove. Four years earlier, at the Seoul "
            "Games, an injury had forced him to withdraw moments before his first race. In "
            "between there had been more surgery and long months of rehabilitation. This time "
            "his body held. He ran well through the early rounds and went into the semi-final "
            "believing that a medal was within reach.",
            "The gun went and he started fast. Then, on the back straight, his right hamstring "
            "tore. He pulled up, clutching the back of his leg, and went down onto the track as "
            "the rest of the field ran on without him. Medical staff began to hurry over. "
            "Redmond had other ideas. He got back to his feet, turned towards the finish line, "
            "and began to hop. High in the stands, his father, Jim, had seen enough. He started "
            "pushing his way down through the crowd.",
        ],
        "read_text": "Derek Redmond’s life and career, on Wikipedia",
        "read_url": "https://en.wikipedia.org/wiki/Derek_Redmond",
        "learn_text": "What psychologists mean by resilience",
        "learn_url": "https://en.wikipedia.org/wiki/Psychological_resilience",
        "act_title": "Walk the last stretch with someone",
        "act_explanation": (
            "Think of one person who is struggling through something right now, and tell them "
            "today that you are with them."
        ),
        "topics": ["perseverance", "kindness"],
        # Out for two days: its demo pledges spread over them, not all "just now".
        "days_ago": 2,
        "colour": "#2f5d62",
    },
    {
        "slug": "caines-arcade",
        "title": "Caine’s Arcade",
        "summary": (
            "A nine-year-old builds an arcade out of cardboard and waits all summer for a "
            "customer. Then one walks in."
        ),
        "source_url": "https://vimeo.com/40000072",
        "alternate_url": "",
        "alternate_label": "",
        "credit": "Nirvan Mullick",
        "duration_seconds": 655,
        "story": [
            "Caine Monroy spent the summer he was nine at his dad’s used auto parts shop in East "
            "Los Angeles. The shop had plenty of boxes, and Caine loved arcades, so he began to "
            "build one. First came a basketball game, then a soccer game, then a claw machine "
            "worked by hand from inside the box. He made tickets and prizes, a staff shirt, and "
            "a Fun Pass with its own clever security check.",
            "What he did not have was customers. The shop sat in an industrial street where "
            "almost nobody walked past, and the few people who came in were in too much of a "
            "hurry to play. Caine opened the arcade anyway, day after day. Then a filmmaker "
            "called Nirvan Mullick stopped by, looking for a door handle for his old car, and "
            "asked how much it cost to play.",
        ],
        "read_text": "The story of Caine’s Arcade and what came after",
        "read_url": "https://en.wikipedia.org/wiki/Caine%27s_Arcade",
        "learn_text": "Maker culture: learning by building things yourself",
        "learn_url": "https://en.wikipedia.org/wiki/Maker_culture",
        "act_title": "Be someone’s first customer",
        "act_explanation": (
            "Buy from, play with or simply praise something a young person or a small local "
            "maker has made, and tell them what you liked."
        ),
        "topics": ["community", "kindness"],
        "days_ago": 7,
        "colour": "#7a4a2b",
    },
    {
        "slug": "the-power-of-vulnerability",
        "title": "The Power of Vulnerability",
        "summary": (
            "A researcher sets out to measure human connection and finds that it depends on the "
            "courage to be seen."
        ),
        "source_url": "https://youtu.be/iCvmsMzlF7o",
        "alternate_url": "https://www.ted.com/talks/brene_brown_the_power_of_vulnerability",
        "alternate_label": "Watch the talk on TED.com",
        "credit": "TED",
        "duration_seconds": 1219,
        "story": [
            "Brené Brown is a research professor at the University of Houston who studies "
            "shame, courage and belonging. In 2010 she gave a talk at TEDxHouston about a "
            "project that had not gone the way she expected. She had set out to understand "
            "connection, which she had come to see as the thing that gives our lives meaning, "
            "and she spent years gathering people’s stories and searching them for patterns.",
            "The patterns were there, but they led somewhere she found deeply uncomfortable. "
            "The people who felt most sure they were worthy of love and belonging had something "
            "in common, and it was not certainty or control. With a great deal of honesty, and "
            "some very good jokes, she describes what happened to her when the data would not "
            "tell her what she wanted to hear.",
        ],
        "read_text": "Brené Brown’s work and books, on Wikipedia",
        "read_url": "https://en.wikipedia.org/wiki/Bren%C3%A9_Brown",
        "learn_text": "Empathy: understanding what another person feels",
        "learn_url": "https://en.wikipedia.org/wiki/Empathy",
        "act_title": "Answer honestly when someone asks",
        "act_explanation": (
            "Tell one person you trust how you are really doing today, not just “fine”. Then "
            "ask them the same question, and listen."
        ),
        "topics": ["kindness", "community"],
        "days_ago": 14,
        "colour": "#6b3e5e",
    },
    {
        "slug": "three-stories-stanford",
        "title": "Steve Jobs at Stanford, 2005",
        "summary": (
            "Three short stories about dropping out, being fired and facing death, told to a "
            "stadium full of new graduates."
        ),
        "source_url": "https://www.youtube.com/watch?v=UF8uR6Z6KLc",
        "alternate_url": "",
        "alternate_label": "",
        "credit": "Stanford University",
        "duration_seconds": 904,
        "story": [
            "In June 2005, Steve Jobs stood in front of the graduating class at Stanford "
            "University. He had never finished college himself. He left Reed College after "
            "one semester, then stayed around for a while, sitting in on the classes that "
            "interested him, including one on calligraphy. By 2005 he was running Apple again, "
            "the company that had pushed him out twenty years earlier, and he had recently "
            "been treated for cancer.",
            "He told the graduates he would keep it simple: just three stories from his life. "
            "None of them is about success in the usual sense. They are about following what "
            "you find interesting before you know where it will lead, about losing something "
            "you love, and about how short the time we have really is. The speech has since "
            "become one of the best-known graduation addresses of its time.",
        ],
        "read_text": "Steve Jobs’s life and work, on Wikipedia",
        "read_url": "https://en.wikipedia.org/wiki/Steve_Jobs",
        "learn_text": "Calligraphy, the class that stayed with him",
        "learn_url": "https://en.wikipedia.org/wiki/Calligraphy",
        "act_title": "Follow one small curiosity",
        "act_explanation": (
            "Spend twenty minutes today on something you are curious about for no practical "
            "reason at all: a book, a class, a question."
        ),
        "topics": ["curiosity", "perseverance"],
        "days_ago": 21,
        "colour": "#3b4a6b",
    },
    {
        "slug": "a-pep-talk",
        "title": "A Pep Talk from Kid President",
        "summary": (
            "A boy in a suit and tie asks the grown-ups a simple question: what will you create "
            "that makes the world better?"
        ),
        "source_url": "https://youtu.be/l-gQLqv9f4o",
        "alternate_url": "",
        "alternate_label": "",
        "credit": "SoulPancake",
        "duration_seconds": 206,
        "story": [
            "Kid President is Robby Novak, who was about nine years old when this video came "
            "out in early 2013. He and his brother-in-law, Brad Montague, had started making "
            "short videos at home in Tennessee, with Robby in a suit and tie behind a desk, "
            "addressing the nation. Robby lives with osteogenesis imperfecta, a condition that "
            "makes bones break easily. You would not guess it from the energy he brings.",
            "The Pep Talk lasts only a few minutes. It is funny, a little bit silly and "
            "completely sincere, and it is aimed at everyone who has ever felt too grown-up to "
            "dream out loud. He speaks to the camera as if he were talking to just one person, "
            "which, in a way, he is. By the end he has a question for each of us, and it is not "
            "rhetorical.",
        ],
        "read_text": "Who Kid President is, on Wikipedia",
        "read_url": "https://en.wikipedia.org/wiki/Kid_President",
        "learn_text": "Random acts of kindness, and why they spread",
        "learn_url": "https://en.wikipedia.org/wiki/Random_act_of_kindness",
        "act_title": "Give someone a pep talk",
        "act_explanation": (
            "Tell one person something specific they do that makes the world better. Keep it "
            "short, and mean it."
        ),
        "topics": ["kindness", "community"],
        "days_ago": 28,
        "colour": "#8a3b3b",
    },
    {
        "slug": "the-mountain",
        "title": "The Mountain",
        "summary": (
            "A week of night skies over Spain’s highest peak, folded into a few quiet minutes "
            "of time-lapse."
        ),
        "source_url": "https://vimeo.com/22439234",
        "alternate_url": "",
        "alternate_label": "",
        "credit": "Terje Sørgjerd",
        "duration_seconds": 190,
        "story": [
            "El Teide is a volcano on Tenerife, in the Canary Islands, and at more than 3,700 "
            "metres it is the highest point in Spain. The air above it is thin, dry and steady, "
            "which is why astronomers built an observatory there. In April 2011 the Norwegian "
            "photographer Terje Sørgjerd spent about a week on and around the mountain, hiking "
            "between locations with heavy camera gear and sleeping very little.",
            "He wanted to film the Milky Way turning above the peak. Partway through the week, "
            "a sandstorm blew in from the Sahara, which could easily have ruined the whole "
            "trip. Instead, lit from below by the lights of a neighbouring island, the dust "
            "turned the sky to gold, and the stars kept shining through it. The film lasts only "
            "a few minutes, set to gentle piano music, and asks nothing of you but attention.",
        ],
        "read_text": "El Teide, the volcano where the film was shot",
        "read_url": "https://en.wikipedia.org/wiki/Teide",
        "learn_text": "The Milky Way, the galaxy we live in",
        "learn_url": "https://en.wikipedia.org/wiki/Milky_Way",
        "act_title": "Look up tonight",
        "act_explanation": (
            "Step outside after dark for five minutes, away from bright lights if you can, and "
            "simply look at the sky. Bring someone with you."
        ),
        "topics": ["curiosity"],
        "days_ago": 35,
        "colour": "#1f3a5f",
    },
    {
        "slug": "make-your-bed",
        "title": "Make Your Bed: Admiral McRaven at UT Austin",
        "summary": (
            "Ten lessons from Navy SEAL training, offered to graduates as a way to change the "
            "world one small task at a time."
        ),
        "source_url": "https://www.youtube.com/watch?v=pxBQLFLei70",
        "alternate_url": "",
        "alternate_label": "",
        "credit": "The University of Texas at Austin",
        "duration_seconds": 1166,
        "story": [
            "In May 2014, Admiral William H. McRaven gave the commencement address at the "
            "University of Texas at Austin, where he had studied journalism decades before. He "
            "had spent most of his career as a Navy SEAL and had risen to lead US Special "
            "Operations Command. The university’s motto is ‘What starts here changes the "
            "world’, and he decided to take it at its word.",
            "Instead of a grand theory, he offered ten lessons from his basic SEAL training: "
            "about making your bed, about finding people to help you paddle, and about never "
            "judging anyone by the size of their flippers. Every lesson begins with something "
            "small. That, it turns out, is the point. He speaks plainly, with a soldier’s "
            "economy and more warmth than you might expect, to thousands of people about to "
            "begin.",
        ],
        "read_text": "William H. McRaven’s career, on Wikipedia",
        "read_url": "https://en.wikipedia.org/wiki/William_H._McRaven",
        "learn_text": "How habits form, and how small ones add up",
        "learn_url": "https://en.wikipedia.org/wiki/Habit",
        "act_title": "Do one small thing well",
        "act_explanation": (
            "Finish one small task you have been putting off, and do it properly. Then offer to "
            "help someone else with theirs."
        ),
        "topics": ["perseverance", "community"],
        "days_ago": 42,
        "colour": "#2e4d3a",
    },
    {
        "slug": "the-best-stats",
        "title": "The Best Stats You’ve Ever Seen",
        "summary": (
            "A doctor turned statistician sends decades of world health data racing across the "
            "screen, and our assumptions with it."
        ),
        "source_url": "https://www.youtube.com/watch?v=hVimVzgtD6w&t=0s",
        "alternate_url": (
            "https://www.ted.com/talks/hans_rosling_shows_the_best_stats_you_ve_ever_seen"
        ),
        "alternate_label": "Watch the talk on TED.com",
        "credit": "TED",
        "duration_seconds": 1190,
        "story": [
            "Hans Rosling was a Swedish doctor who had worked in rural Mozambique before he "
            "became a professor of international health. He kept running into the same "
            "problem. His students, and plenty of experts too, carried a picture of the world "
            "that was decades out of date. They sorted countries into ‘developed’ and "
            "‘developing’ and assumed the gap between them had never moved.",
            "At TED in 2006 he brought the data with him, built into animated software he had "
            "developed with his son and daughter-in-law, and turned a bubble chart into "
            "something closer to sports commentary. Countries rise, stall and overtake one "
            "another across the decades, and Rosling runs alongside them. It is data, but it is "
            "also a kind of hope: evidence that the world can change faster than we think.",
        ],
        "read_text": "Hans Rosling’s life and work, on Wikipedia",
        "read_url": "https://en.wikipedia.org/wiki/Hans_Rosling",
        "learn_text": "Gapminder, the foundation he started to fight misconceptions",
        "learn_url": "https://en.wikipedia.org/wiki/Gapminder_Foundation",
        "act_title": "Check one thing you feel sure of",
        "act_explanation": (
            "Pick one fact about the world you are confident about, such as health, poverty or "
            "population, and look up the latest figures today."
        ),
        "topics": ["curiosity"],
        "days_ago": 49,
        "colour": "#35577a",
    },
    {
        "slug": "the-danger-of-a-single-story",
        "title": "The Danger of a Single Story",
        "summary": (
            "A novelist shows how one story told again and again becomes the only story, and "
            "what we lose when it does."
        ),
        "source_url": "https://www.youtube.com/watch?v=D9Ihs241zeg",
        "alternate_url": (
            "https://www.ted.com/talks/chimamanda_ngozi_adichie_the_danger_of_a_single_story"
        ),
        "alternate_label": "Watch the talk on TED.com",
        "credit": "TED",
        "duration_seconds": 1113,
        "story": [
            "Chimamanda Ngozi Adichie grew up on a university campus in Nigeria and began "
            "writing stories as a young child. Her early characters were white and blue-eyed. "
            "They played in the snow and ate apples, because those were the people she met in "
            "the British and American books she loved. Only when she discovered African "
            "writers did she realise that girls like her belonged in books too.",
            "Years later, as a student in the United States, she found herself on the other "
            "side of the same problem, meeting people who had only ever heard one story about "
            "Africa. In this talk from 2009 she traces how single stories are made, whose "
            "power they reflect, and why the answer is not fewer stories, but many more. She "
            "tells it with warmth and humour, and counts herself among those who got it wrong.",
        ],
        "read_text": "Chimamanda Ngozi Adichie’s books and life, on Wikipedia",
        "read_url": "https://en.wikipedia.org/wiki/Chimamanda_Ngozi_Adichie",
        "learn_text": "Stereotypes: how they form and why they stick",
        "learn_url": "https://en.wikipedia.org/wiki/Stereotype",
        "act_title": "Seek out a second story",
        "act_explanation": (
            "Read, watch or listen to one story today told by someone from a place or "
            "community you mostly know from headlines."
        ),
        "topics": ["curiosity", "community"],
        "days_ago": 56,
        "colour": "#5a3d6e",
    },
    {
        "slug": "grit",
        "title": "Grit: The Power of Passion and Perseverance",
        "summary": (
            "A former maths teacher asks why some people keep going when others stop, and is "
            "honest about what we still don’t know."
        ),
        "source_url": "https://www.youtube.com/watch?v=H14bBuluwB8",
        "alternate_url": (
            "https://www.ted.com/talks/"
            "angela_lee_duckworth_grit_the_power_of_passion_and_perseverance"
        ),
        "alternate_label": "Watch the talk on TED.com",
        "credit": "TED",
        "duration_seconds": 372,
        "story": [
            "Angela Lee Duckworth left a demanding job in management consulting to teach maths "
            "to twelve- and thirteen-year-olds in New York City public schools. Something "
            "about her classroom puzzled her. Some of her strongest students were not the ones "
            "who found the work easiest, and some of the quickest learners were not doing "
            "especially well. Whatever separated them, it did not seem to be IQ.",
            "She went on to become a psychologist and spent years studying people in hard "
            "situations, from cadets at West Point to children in spelling competitions to new "
            "teachers in tough schools. In this short talk she shares what she found and, just "
            "as honestly, the part of the question she had not yet answered. It takes about six "
            "minutes, and it leaves you with a question worth carrying around.",
        ],
        "read_text": "Angela Duckworth’s research, on Wikipedia",
        "read_url": "https://en.wikipedia.org/wiki/Angela_Duckworth",
        "learn_text": "Grit as a personality trait, and its critics",
        "learn_url": "https://en.wikipedia.org/wiki/Grit_(personality_trait)",
        "act_title": "Pick up something you put down",
        "act_explanation": (
            "Choose one goal you gave up on and spend fifteen minutes on it today. Not to "
            "finish it, just to begin again."
        ),
        "topics": ["perseverance"],
        "days_ago": 63,
        "colour": "#6b4b2a",
    },
    {
        "slug": "do-schools-kill-creativity",
        "title": "Do Schools Kill Creativity?",
        "summary": (
            "One of the most watched TED talks ever: a funny, generous case for taking "
            "children’s imagination seriously."
        ),
        "source_url": "https://www.youtube.com/embed/iG9CE55wbtY",
        "alternate_url": "https://www.ted.com/talks/sir_ken_robinson_do_schools_kill_creativity",
        "alternate_label": "Watch the talk on TED.com",
        "credit": "TED",
        "duration_seconds": 1164,
        "story": [
            "Sir Ken Robinson spent his working life thinking about education, as a professor, "
            "an adviser to governments and a writer. At the TED conference in 2006 he made an "
            "argument he would keep returning to for the rest of his life: that schools, as "
            "most of us know them, were built for a different age, and too often train the "
            "creativity out of children instead of building on it.",
            "If that sounds like a lecture, it is not. He is one of the funniest speakers you "
            "will ever hear, and at the heart of the talk is a story about a young girl who "
            "could not sit still in class, and the afternoon when someone finally understood "
            "what she needed. It is a talk about schools, but underneath it is about paying "
            "attention to what each person is good at.",
        ],
        "read_text": "Ken Robinson’s life and work, on Wikipedia",
        "read_url": "https://en.wikipedia.org/wiki/Ken_Robinson_(educationalist)",
        "learn_text": "What researchers mean by creativity",
        "learn_url": "https://en.wikipedia.org/wiki/Creativity",
        "act_title": "Make something just for the joy of it",
        "act_explanation": (
            "Draw, sing, build or write something today with no purpose at all, and if there "
            "is a child nearby, invite them to join in."
        ),
        "topics": ["curiosity"],
        "days_ago": 70,
        "colour": "#7a3f2f",
    },
    {
        "slug": "the-last-lecture",
        "title": "The Last Lecture: Really Achieving Your Childhood Dreams",
        "summary": (
            "A computer scientist with months to live gives a lecture about dreams, brick "
            "walls, and helping other people reach theirs."
        ),
        "source_url": "https://www.youtube.com/watch?v=ji5_MqicxSo",
        "alternate_url": "https://www.cmu.edu/randyslecture/",
        "alternate_label": "More about the lecture at Carnegie Mellon",
        "credit": "Carnegie Mellon University",
        "duration_seconds": 4587,
        "story": [
            "Randy Pausch was a professor of computer science at Carnegie Mellon University, "
            "known for his work on virtual reality and for Alice, a program that teaches young "
            "people to code by telling stories. In September 2007 he gave a talk in a series "
            "that invited professors to imagine it was their last lecture. For him it was not "
            "imaginary. Weeks earlier he had learned that his pancreatic cancer was terminal.",
            "He did not talk about cancer, or about dying. He talked about the childhood dreams "
            "he had actually achieved, the brick walls that had stood in his way, and the "
            "people who had helped him over them. It is funny and full of life, and, as he "
            "tells the audience near the end, it was never really meant for them.",
        ],
        "read_text": "Randy Pausch’s life and work, on Wikipedia",
        "read_url": "https://en.wikipedia.org/wiki/Randy_Pausch",
        "learn_text": "Alice, the storytelling tool he built to teach programming",
        "learn_url": "https://en.wikipedia.org/wiki/Alice_(software)",
        "act_title": "Thank someone who helped you",
        "act_explanation": (
            "Write to a teacher, mentor or friend who helped you towards something you wanted, "
            "and tell them the difference they made."
        ),
        "topics": ["perseverance", "curiosity"],
        "days_ago": 77,
        "colour": "#4a4a6a",
    },
]

"""Korean words for the core concepts (basics), spliced into bot.domain.lexicon.

Korean writes spaces between phrases but glues particles to nouns ("콘텐츠를", "학습에"), so the
words here are used without `\\b`, on lower-case text ("AI 학습" is "ai 학습"). The verb comes
last: "인공지능 학습에 이용" (used for AI training), "사용하지 않습니다" (do not use): the AI word
comes before 학습 (learning/training), and the negation after the verb (read as for Japanese).
Vocabulary of Korean terms and of the Personal Information Protection Act in general (동의,
동의 없이, 철회, 거부, 제3자, 회사는 ...), never one platform's phrasing.

Traps it keeps out: 학습 alone is a person's study ("외국어를 학습할 수 있습니다"), so it is a
training word only after an AI word or 모델; "인공지능을 활용한 학습" (study helped by AI) is not
the AI's training; 모델 with a weak verb (비즈니스 모델 개선) is no model training.
"""

from __future__ import annotations

AI_KO = (
    r"인공지능|머신 ?러닝|기계 ?학습|딥 ?러닝|언어 ?모델|생성형 ?(?:ai|인공지능)"
    r"|ai(?<![a-z]ai) ?(?:모델|학습|기술|시스템)"
)
TRAIN_KO = r"학습|훈련|트레이닝|파인 ?튜닝"
# "인공지능 학습", "AI 모델의 학습", "모델 학습": the AI named before its training
AI_THEN_TRAIN_KO = (
    r"(?:인공지능|ai|모델|머신 ?러닝|딥 ?러닝)(?: ?(?:모델|시스템|기술|서비스))?(?:의|을|를)? ?"
    r"(?:학습|훈련|트레이닝|파인 ?튜닝|고도화)"
)
TRAIN_MODELS_KO = r"모델(?:을|를|의)? ?(?:학습|훈련|트레이닝|파인 ?튜닝)|(?:학습|훈련)용 ?데이터"
DATA_KO = r"콘텐츠|데이터|정보|게시물|입력|대화|저작물|이미지|텍스트|프롬프트"
# after the verb: "사용하지 않습니다", "이용할 수 없습니다", "이용해서는 안 됩니다"
NEG_KO = (
    r"않습니다|않으며|않는다|않을 것|않고|않음|아니합니다|아니한다|수 없습니다|수 없으며"
    r"|안 ?됩니다|안 ?된다"
)
CONSENT_NEG_KO = r"동의 ?없이|동의를 받지 않고|허락 ?없이|승낙 ?없이"
CONSENT_POS_KO = (
    r"동의(?:를|을)? ?(?:받아|받은|얻어|얻은)|동의한 경우|동의하는 경우|동의하신 경우|동의 시"
)
OPT_OUT_KO = r"거부|철회|옵트아웃|비활성화|해제"
SETTINGS_KO = r"설정"
WE_KO = r"회사는|회사가|당사|저희"
PROHIBIT_KO = r"금지|안 ?됩니다|안 ?된다|아니 ?됩니다|아니 ?된다"
USERS_KO = (
    r"(?:이용자|회원|사용자|귀하|누구든지)(?:는|은)?[^.]{0,120}?"
    r"(?:서는 안 ?됩|서는 안 ?된|서는 아니 ?됩|금지)"
)
OTHERS_KO = r"제 ?3자|타인|다른 이용자|크롤링|스크래핑|크롤러"
TDM_KO = r"텍스트 ?(?:및|와|과) ?데이터 ?마이닝"

PREFILTER_KO = (
    "인공지능",
    "머신러닝",
    "머신 러닝",
    "기계학습",
    "기계 학습",
    "딥러닝",
    "모델",
    "학습",
)
